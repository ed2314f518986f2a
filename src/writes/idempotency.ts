// Idempotency keys for the mutations that create things in Jira. A retry with
// the same key and the same input, within the key's lifetime (24 h), returns
// the first result and never writes again; the same key with another input is
// refused. The record lives in the shared store, claimed by one conditional
// statement, so this holds across every process that shares it.
//
// A key whose write may have happened is never given up: a failure whose Jira
// outcome is unknown marks it 'unknown', and so does a process that died
// mid-write (a 'pending' record older than stalePendingMs). Retries then
// answer UPSTREAM_UNAVAILABLE with outcome "unknown" instead of writing twice.
// Only a write Jira certainly refused releases the key for a corrected retry.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatewayError } from '../errors.ts';
import type { IdempotencyRecord, TokenStore } from '../store/store.ts';

/** Where the bookkeeping of a key failed after the work ran (or during pruning); see IdempotencyDeps.onStoreError. */
export type IdempotencyStoreStep = 'complete' | 'mark-unknown' | 'release' | 'prune';

export interface IdempotencyDeps {
  store: Pick<
    TokenStore,
    | 'claimIdempotencyKey'
    | 'getIdempotencyKey'
    | 'completeIdempotencyKey'
    | 'markIdempotencyUnknown'
    | 'releaseIdempotencyKey'
    | 'pruneIdempotencyKeys'
  >;
  /** Whether a failed write's outcome in Jira is unknown (sent, then no answer). */
  outcomeUnknown: (error: unknown) => boolean;
  now?: () => Date;
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
  /** How long a retry waits for a first request with the same key still in flight (default 10 s), polling the store. */
  pendingWaitMs?: number;
  /** A pending record older than this is treated as 'unknown' (its process died mid-write) (default 2 min). */
  stalePendingMs?: number;
  /**
   * Told of a store failure that run() swallows: recording the outcome after
   * the work ran (the caller still gets the work's result or error; the key
   * stays 'pending', which reads as 'unknown' once stale, so no retry writes
   * twice), or a background prune. For a log line or a metric.
   */
  onStoreError?: (step: IdempotencyStoreStep, error: unknown) => void;
}

export interface IdempotentRequest {
  /** The identity id: keys are the caller's own. */
  scope: string;
  /** null: no key, the work just runs. */
  key: string | null;
  /** The mutation, e.g. "createIssue". */
  operation: string;
  /** The mutation input, hashed canonically: key order does not matter; undefined fields are dropped. */
  input: unknown;
}

/** Turns a result into JSON-able data for the store, and back for a replay. */
export interface ResultCodec<T> {
  encode(result: T): unknown;
  decode(json: unknown): T;
}

export interface Idempotency {
  run<T>(request: IdempotentRequest, work: () => Promise<T>, codec: ResultCodec<T>): Promise<T>;
}

const DEFAULT_TTL_MS = 24 * 60 * 60_000;
const DEFAULT_PENDING_WAIT_MS = 10_000;
const DEFAULT_STALE_PENDING_MS = 2 * 60_000;
/** How often a waiting retry reads the first request's record. */
const POLL_MS = 75;
/** Expired records are deleted at most this often per instance (one per process). */
const PRUNE_INTERVAL_MS = 60_000;
/**
 * Claims per run(): a retry claims again only after the record it waited on
 * was released, which needs the first request to fail in that moment.
 */
const CLAIM_ROUNDS = 5;
const MAX_KEY_LENGTH = 255;

/** null when `key` may be used as an idempotency key, else why not. */
export function validIdempotencyKey(key: string): string | null {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  if (!/^[\x20-\x7e]*$/.test(key)) return 'it may hold only printable ASCII characters';
  if (key.startsWith(' ') || key.endsWith(' ')) return 'it may not begin or end with a space';
  return null;
}

/**
 * The input as JSON with object keys sorted and undefined fields dropped, so
 * that two spellings of one input hash alike. Handles the null-prototype
 * objects graphql-js builds arguments with; toJSON is honoured as in JSON.
 */
function canonicalJson(value: unknown, ancestors: Set<object>): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(): unknown }).toJSON();
  }
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  // Primitives as JSON writes them (a bigint throws, as in JSON.stringify).
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (ancestors.has(v)) throw new TypeError('idempotency: the input is circular');
  ancestors.add(v);
  try {
    if (Array.isArray(v)) return `[${v.map((item) => canonicalJson(item, ancestors) ?? 'null').join(',')}]`;
    const record = v as Record<string, unknown>;
    const fields = Object.keys(record)
      .sort()
      .flatMap((name) => {
        const text = canonicalJson(record[name], ancestors);
        return text === undefined ? [] : [`${JSON.stringify(name)}:${text}`];
      });
    return `{${fields.join(',')}}`;
  } finally {
    ancestors.delete(v);
  }
}

/** SHA-256 (hex) of the operation and its canonical input. */
export function idempotencyRequestHash(operation: string, input: unknown): string {
  const canonical = canonicalJson([operation, input], new Set()) ?? 'null';
  return createHash('sha256').update(canonical).digest('hex');
}

/** "24 h", "90 min", "5 s": the key lifetime in the answer to a reused key. */
function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

export function createIdempotency(deps: IdempotencyDeps): Idempotency {
  const { store, outcomeUnknown } = deps;
  const now = deps.now ?? (() => new Date());
  const ttlMs = deps.ttlMs ?? DEFAULT_TTL_MS;
  const pendingWaitMs = deps.pendingWaitMs ?? DEFAULT_PENDING_WAIT_MS;
  const stalePendingMs = deps.stalePendingMs ?? DEFAULT_STALE_PENDING_MS;
  const onStoreError = deps.onStoreError ?? (() => {});
  if (!(ttlMs > 0)) throw new RangeError('idempotency: ttlMs must be positive');
  let lastPruneMs = Number.NEGATIVE_INFINITY;

  /** Deletes expired records in the background, at most once per interval. */
  function pruneNowAndThen(): void {
    const at = now();
    if (Math.abs(at.getTime() - lastPruneMs) < PRUNE_INTERVAL_MS) return;
    lastPruneMs = at.getTime();
    store.pruneIdempotencyKeys(at).catch((error: unknown) => onStoreError('prune', error));
  }

  const isExpired = (record: IdempotencyRecord) => record.expiresAt.getTime() <= now().getTime();
  // Its process died mid-write, or lost the store before recording the outcome.
  const isStale = (record: IdempotencyRecord) =>
    record.state === 'pending' && now().getTime() - record.createdAt.getTime() > stalePendingMs;

  /** Waits (polling) until the record settles, goes stale or away, or the deadline passes; null when gone. */
  async function settled(first: IdempotencyRecord, deadline: number): Promise<IdempotencyRecord | null> {
    let record: IdempotencyRecord | null = first;
    while (record !== null && record.state === 'pending' && !isStale(record)) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await sleep(Math.min(POLL_MS, left));
      record = await store.getIdempotencyKey(first.scope, first.key);
      if (record !== null && isExpired(record)) record = null;
    }
    return record;
  }

  function assertSameRequest(record: IdempotencyRecord, operation: string, requestHash: string): void {
    if (record.operation === operation && record.requestHash === requestHash) return;
    throw gatewayError(
      'BAD_USER_INPUT',
      `This idempotency key was used for a different request in the last ${describeDuration(ttlMs)} ` +
        `(operation ${record.operation}); use a new key.`,
      { idempotencyKey: record.key },
    );
  }

  /** The answer to a retry whose first request's record is `record` (same request, not gone). */
  function replay<T>(record: IdempotencyRecord, codec: ResultCodec<T>): T {
    if (record.state === 'done' && record.result !== null) return codec.decode(JSON.parse(record.result));
    if (record.state === 'pending' && !isStale(record)) {
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        'The first request with this idempotency key is still in progress; retry with the same key later for its result.',
        { outcome: 'pending', idempotencyKey: record.key },
      );
    }
    throw gatewayError(
      'UPSTREAM_UNAVAILABLE',
      'The first request with this idempotency key may or may not have reached Jira; check Jira before retrying with a new key.',
      { outcome: 'unknown', idempotencyKey: record.key },
    );
  }

  /** Runs the work as the key's owner and records how it ended. */
  async function runClaimed<T>(
    scope: string,
    key: string,
    work: () => Promise<T>,
    codec: ResultCodec<T>,
  ): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      const unknown = outcomeUnknown(error);
      try {
        if (unknown) await store.markIdempotencyUnknown(scope, key);
        else await store.releaseIdempotencyKey(scope, key);
      } catch (storeError) {
        // The key stays pending (read as unknown once stale): safe; the caller needs the work's error.
        onStoreError(unknown ? 'mark-unknown' : 'release', storeError);
      }
      throw error;
    }
    try {
      await store.completeIdempotencyKey(scope, key, JSON.stringify(codec.encode(result) ?? null));
    } catch (storeError) {
      // The write happened: the caller gets its result. A retry finds the key
      // pending, then unknown, and never writes again.
      onStoreError('complete', storeError);
    }
    return result;
  }

  return {
    async run(request, work, codec) {
      const { scope, key, operation } = request;
      if (key === null) return work();
      const problem = validIdempotencyKey(key);
      // Not echoed: an invalid key may be huge or hold control characters.
      if (problem !== null)
        throw gatewayError('BAD_USER_INPUT', `The idempotency key is not valid: ${problem}.`);
      const requestHash = idempotencyRequestHash(operation, request.input);
      pruneNowAndThen();
      const deadline = performance.now() + pendingWaitMs;
      for (let round = 1; round <= CLAIM_ROUNDS; round++) {
        const createdAt = now();
        const claim = await store.claimIdempotencyKey({
          scope,
          key,
          operation,
          requestHash,
          createdAt,
          expiresAt: new Date(createdAt.getTime() + ttlMs),
        });
        if (claim.claimed) return runClaimed(scope, key, work, codec);
        assertSameRequest(claim.record, operation, requestHash);
        const record = await settled(claim.record, deadline);
        // Released (Jira refused the first) or expired meanwhile: claim it again.
        if (record === null) continue;
        assertSameRequest(record, operation, requestHash);
        return replay(record, codec);
      }
      // Every claim lost to a first request that then failed: let the caller retry.
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        'Other requests with this idempotency key keep running; retry with the same key later.',
        { outcome: 'pending', idempotencyKey: key },
      );
    },
  };
}
