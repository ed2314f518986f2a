// What makes repeated reads cheap: an LRU of Jira answers bounded by bytes
// with a short TTL, and a table of reads in flight so identical concurrent
// reads are made once. Every key starts with the caller's scope key (identity
// and project restriction): one user's answer is never served to another.
// A write bumps its caller's generation, which is part of every key of the
// caller's, so no read cached (or in flight) before it is served after it.
import { LRUCache } from 'lru-cache';

export interface ReadCacheOptions {
  /** 0 turns the cache off (reads in flight are still shared). */
  ttlMs: number;
  maxBytes: number;
}

export interface ReadCache {
  /** False when the TTL is 0: nothing is kept, so callers need not size answers. */
  readonly enabled: boolean;
  get(key: string): unknown;
  set(key: string, value: unknown, bytes: number): void;
  /** Reads in flight, by the same key. */
  inflight: Map<string, Promise<unknown>>;
  /** The partition's (an identity id's) current generation, part of its keys. */
  generation(partition: string): number;
  /** Makes every entry of the partition unreachable (a write of theirs); the LRU evicts them in time. */
  invalidate(partition: string): void;
  stats(): { entries: number; bytes: number };
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const lru =
    options.ttlMs > 0
      ? new LRUCache<string, { value: unknown }>({
          maxSize: options.maxBytes,
          ttl: options.ttlMs,
          // Answers bigger than a tenth of the cache would evict everything else.
          maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 10)),
          sizeCalculation: () => 1,
        })
      : null;
  // One number per identity that ever wrote; identities are few next to cache entries.
  const generations = new Map<string, number>();
  return {
    enabled: lru !== null,
    generation: (partition) => generations.get(partition) ?? 0,
    invalidate(partition) {
      generations.set(partition, (generations.get(partition) ?? 0) + 1);
    },
    get: (key) => lru?.get(key)?.value,
    set(key, value, bytes) {
      if (!lru) return;
      lru.set(key, { value }, { size: Math.max(1, bytes) });
    },
    inflight: new Map(),
    stats: () => ({ entries: lru?.size ?? 0, bytes: lru?.calculatedSize ?? 0 }),
  };
}
