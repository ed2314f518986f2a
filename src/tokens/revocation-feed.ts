// How a serving process learns that a token or identity changed in another
// process (the CLI, another gateway): the store bumps a revision counter in
// the same transaction as every revoke, rotate, relink and refused credential
// (kysely-store.ts), and this feed reads it every interval. The feed says only
// "something changed": the caller drops what it caches, all of it.
// With JGG_REDIS_URL set, redis-change-feed.ts pushes each change at once
// and names the identity; this poll stays on beside it as the fallback for
// messages Redis pub/sub loses (an outage, a disconnected instance).

export interface RevocationFeed {
  /**
   * Resolves once the feed knows the store's current revision (rejects when
   * it cannot read it); from then on calls `onChange` after each change.
   */
  start(onChange: () => void): Promise<void>;
  /** Stops watching; resolves once no read is under way. */
  stop(): Promise<void>;
}

export interface RevisionPollOptions {
  /** The store's revision counter (TokenStore.readRevision). */
  read: () => Promise<number>;
  intervalMs: number;
  /**
   * A read failed. Told at the first failure of each run of failures only:
   * a store outage would say so every interval otherwise.
   */
  onError?: (error: unknown) => void;
}

/** A RevocationFeed that polls the store's revision counter. */
export function pollRevision(options: RevisionPollOptions): RevocationFeed {
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let known = 0;
  let failing = false;

  async function poll(onChange: () => void): Promise<void> {
    try {
      const revision = await options.read();
      failing = false;
      if (revision !== known) {
        known = revision;
        onChange();
      }
    } catch (error) {
      // A change may have happened unseen: fail closed, so every token is
      // looked up again (and refused while the store cannot answer).
      onChange();
      if (!failing) options.onError?.(error);
      failing = true;
    }
  }

  function schedule(onChange: () => void): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = poll(onChange).finally(() => {
        inFlight = null;
        schedule(onChange);
      });
    }, options.intervalMs);
    // The poll never keeps a process alive on its own.
    timer.unref();
  }

  return {
    async start(onChange) {
      known = await options.read();
      stopped = false;
      schedule(onChange);
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
