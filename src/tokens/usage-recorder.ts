// Per-token usage (requests, points charged, errors, last use, recent client
// addresses), counted in memory on the hot path and written to the store in
// batches: at most one write every JGG_USAGE_FLUSH_MS, and on close. A
// request costs a Map update, never a store write. The store adds each batch
// to what it holds, so N gateways sharing a store sum up.
//
// Reads (AccessToken.usage, lastUsedAt) add what this process has not
// written yet, so its own requests show at once; another process's show once
// it has flushed (within its flush interval). A batch whose write fails is
// put back and tried again at the next interval; the only loss is a write the
// store committed but whose answer never arrived (then it is counted twice),
// or counts held when the process dies without closing.
import type { TokenIpSighting, TokenStore, TokenUsage, TokenUsageDelta } from '../store/store.ts';

/** One authenticated request, as it was answered. */
export interface TokenUse {
  tokenId: string;
  at: Date;
  /** The client address ('' when unknown: then no address is recorded). */
  ip: string;
  /** Rate-limit points the request was charged. */
  points: number;
  /** Answered with HTTP >= 400 or with GraphQL errors. */
  error: boolean;
}

export interface UsageRecorderDeps {
  store: Pick<TokenStore, 'addTokenUsage' | 'getTokenUsage'>;
  /** JGG_USAGE_FLUSH_MS: the longest a count waits in memory. */
  flushMs: number;
  /** JGG_USAGE_RECENT_IPS: addresses kept per token. */
  recentIps: number;
  onError?: (error: unknown) => void;
}

export interface UsageRecorder {
  /** Counts one request; never touches the store. */
  record(use: TokenUse): void;
  /** Stored usage plus this process's unwritten counts; every id answers (zeros when never used). */
  read(tokenIds: readonly string[]): Promise<Map<string, TokenUsage>>;
  /** The later of the stored last use and this process's unwritten one. */
  lastUse(token: { id: string; lastUsedAt: Date | null; lastUsedIp: string | null }): {
    at: Date | null;
    ip: string | null;
  };
  /** Writes what is counted now (one store call); answers once written or failed. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is still counted. */
  close(): Promise<void>;
}

interface Pending {
  requests: number;
  points: number;
  errors: number;
  lastUsedAt: number;
  lastUsedIp: string | null;
  /** Address -> last seen (epoch ms), at most `recentIps` of them, the newest. */
  ips: Map<string, number>;
}

function emptyPending(): Pending {
  return { requests: 0, points: 0, errors: 0, lastUsedAt: 0, lastUsedIp: null, ips: new Map() };
}

/** Adds an address sighting, keeping only the `keep` newest addresses. */
function seeIp(ips: Map<string, number>, ip: string, atMs: number, keep: number): void {
  const known = ips.get(ip);
  if (known !== undefined) {
    if (atMs > known) ips.set(ip, atMs);
    return;
  }
  ips.set(ip, atMs);
  if (ips.size <= keep) return;
  let oldest: string | null = null;
  let oldestMs = Number.POSITIVE_INFINITY;
  for (const [address, ms] of ips) {
    if (ms < oldestMs) {
      oldest = address;
      oldestMs = ms;
    }
  }
  if (oldest !== null) ips.delete(oldest);
}

/** Adds `from` into `into` (a batch put back after a failed write, or two counts merged). */
function mergeInto(into: Pending, from: Pending, keep: number): void {
  into.requests += from.requests;
  into.points += from.points;
  into.errors += from.errors;
  if (from.lastUsedAt >= into.lastUsedAt) {
    into.lastUsedAt = from.lastUsedAt;
    into.lastUsedIp = from.lastUsedIp;
  }
  for (const [ip, ms] of from.ips) seeIp(into.ips, ip, ms, keep);
}

function toDelta(tokenId: string, p: Pending): TokenUsageDelta {
  return {
    tokenId,
    requests: p.requests,
    points: p.points,
    errors: p.errors,
    lastUsedAt: new Date(p.lastUsedAt),
    lastUsedIp: p.lastUsedIp,
    ips: [...p.ips].map(([ip, ms]) => ({ ip, lastSeenAt: new Date(ms) })),
  };
}

/** Newest first, ties by address (as the store orders them), the `keep` newest. */
function newestIps(sightings: Iterable<TokenIpSighting>, keep: number): TokenIpSighting[] {
  const byIp = new Map<string, number>();
  for (const { ip, lastSeenAt } of sightings) {
    const ms = lastSeenAt.getTime();
    if (ms > (byIp.get(ip) ?? Number.NEGATIVE_INFINITY)) byIp.set(ip, ms);
  }
  return [...byIp]
    .sort(([ipA, a], [ipB, b]) => b - a || (ipA < ipB ? 1 : ipA > ipB ? -1 : 0))
    .slice(0, keep)
    .map(([ip, ms]) => ({ ip, lastSeenAt: new Date(ms) }));
}

export function createUsageRecorder(deps: UsageRecorderDeps): UsageRecorder {
  const keep = deps.recentIps;
  let pending = new Map<string, Pending>();
  let timer: NodeJS.Timeout | null = null;
  // Writes and reads run one after another, so a read never sees a batch
  // missing (taken from memory, not yet in the store) nor twice.
  let writes: Promise<void> = Promise.resolve();

  function arm(): void {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, deps.flushMs);
    timer.unref();
  }

  async function write(): Promise<void> {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await deps.store.addTokenUsage(
        [...batch].map(([id, p]) => toDelta(id, p)),
        keep,
      );
    } catch (error) {
      // Put back (under anything counted meanwhile) and try again at the next interval.
      for (const [id, p] of batch) {
        const now = pending.get(id);
        if (now) mergeInto(p, now, keep);
        pending.set(id, p);
      }
      arm();
      deps.onError?.(error);
    }
  }

  async function readNow(tokenIds: readonly string[]): Promise<Map<string, TokenUsage>> {
    const stored = await deps.store.getTokenUsage(tokenIds);
    const out = new Map<string, TokenUsage>();
    for (const id of tokenIds) {
      const base = stored.get(id) ?? { requests: 0, points: 0, errors: 0, recentIps: [] };
      const p = pending.get(id);
      if (!p) {
        out.set(id, { ...base, recentIps: newestIps(base.recentIps, keep) });
        continue;
      }
      const unwritten = [...p.ips].map(([ip, ms]) => ({ ip, lastSeenAt: new Date(ms) }));
      out.set(id, {
        requests: base.requests + p.requests,
        points: base.points + p.points,
        errors: base.errors + p.errors,
        recentIps: newestIps([...base.recentIps, ...unwritten], keep),
      });
    }
    return out;
  }

  function flush(): Promise<void> {
    const next = writes.then(write);
    writes = next;
    return next;
  }

  return {
    record(use) {
      let p = pending.get(use.tokenId);
      if (!p) {
        p = emptyPending();
        pending.set(use.tokenId, p);
      }
      const atMs = use.at.getTime();
      p.requests++;
      p.points += use.points;
      if (use.error) p.errors++;
      if (atMs >= p.lastUsedAt) {
        p.lastUsedAt = atMs;
        p.lastUsedIp = use.ip === '' ? null : use.ip;
      }
      if (use.ip !== '') seeIp(p.ips, use.ip, atMs, keep);
      arm();
    },

    read(tokenIds) {
      // In the write queue: no batch moves from memory to the store while this reads both.
      const answer = writes.then(() => readNow(tokenIds));
      writes = answer.then(
        () => undefined,
        () => undefined,
      );
      return answer;
    },

    lastUse(token) {
      const p = pending.get(token.id);
      if (!p || (token.lastUsedAt !== null && token.lastUsedAt.getTime() >= p.lastUsedAt)) {
        return { at: token.lastUsedAt, ip: token.lastUsedIp };
      }
      return { at: new Date(p.lastUsedAt), ip: p.lastUsedIp };
    },

    flush,

    async close() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await flush();
      // A write that failed re-armed the timer; nothing will write after close.
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
