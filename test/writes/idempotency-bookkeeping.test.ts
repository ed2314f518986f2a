// Idempotency when its own bookkeeping fails after the work ran, and the
// pruning of expired records, over the real store. Store failures cannot be
// caused on demand in a real database mid-request, so those tests wrap the
// real store with one method that throws; everything else is the real store.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TokenStore } from '../../src/store/store.ts';
import {
  createIdempotency,
  type IdempotencyDeps,
  type IdempotencyStoreStep,
} from '../../src/writes/idempotency.ts';
import {
  BACKENDS,
  codec,
  jiraWrite,
  MINUTE,
  noAnswer,
  outcomeUnknown,
  refused,
  rejection,
  request,
  useSharedStores,
} from './idempotency-fixtures.ts';

describe.each(BACKENDS.map((b) => [b.name, b] as const))(
  'idempotency bookkeeping on %s',
  (_name, backend) => {
    describe.skipIf(!backend.enabled)('run()', () => {
      const stores = useSharedStores(backend);
      let store: TokenStore;
      let other: TokenStore;
      beforeEach(() => {
        ({ store, other } = stores());
      });

      const storeDown = () => new Error('store connection lost');

      /** A service whose store errors are collected in `reported`. */
      function idempotency(deps: Partial<IdempotencyDeps> = {}) {
        const reported: Array<[IdempotencyStoreStep, unknown]> = [];
        const service = createIdempotency({
          store,
          outcomeUnknown,
          pendingWaitMs: 150,
          onStoreError: (step, error) => reported.push([step, error]),
          ...deps,
        });
        return Object.assign(service, { reported });
      }

      it('when recording the result fails, the caller still gets it and no retry ever writes again', async () => {
        const failure = storeDown();
        const broken = idempotency({
          store: {
            ...store,
            completeIdempotencyKey: () => Promise.reject(failure),
          },
        });
        const write = jiraWrite();
        const first = request();
        expect(await broken.run(first, write.work, codec)).toEqual({ key: 'OPS-1', replayed: false });
        expect(broken.reported).toEqual([['complete', failure]]);
        // Another process: the first is still "in progress" ...
        const soon = await rejection(idempotency({ store: other }).run(first, write.work, codec));
        expect(soon.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'pending' });
        // ... and once stale, its outcome is unknown.
        const later = idempotency({ store: other, now: () => new Date(Date.now() + 3 * MINUTE) });
        const stale = await rejection(later.run(first, write.work, codec));
        expect(stale.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'unknown' });
        expect(write.calls).toBe(1);
      });

      it('when marking an unknown outcome fails, the write error still comes back and the key stays held', async () => {
        const failure = storeDown();
        const error = noAnswer();
        const broken = idempotency({
          store: { ...store, markIdempotencyUnknown: () => Promise.reject(failure) },
        });
        const write = jiraWrite({ fail: error });
        const first = request();
        await expect(broken.run(first, write.work, codec)).rejects.toBe(error);
        expect(broken.reported).toEqual([['mark-unknown', failure]]);
        expect(await store.getIdempotencyKey(first.scope, first.key ?? '')).toMatchObject({
          state: 'pending',
        });
        const retry = await rejection(idempotency({ store: other }).run(first, write.work, codec));
        expect(retry.extensions.outcome).toBe('pending');
        expect(write.calls).toBe(1);
      });

      it('when releasing a refused key fails, the refusal still comes back; retries wait rather than write', async () => {
        const failure = storeDown();
        const error = refused();
        const broken = idempotency({
          store: { ...store, releaseIdempotencyKey: () => Promise.reject(failure) },
        });
        const write = jiraWrite({ fail: error });
        const first = request();
        await expect(broken.run(first, write.work, codec)).rejects.toBe(error);
        expect(broken.reported).toEqual([['release', failure]]);
        const retry = await rejection(idempotency({ store: other }).run(first, write.work, codec));
        expect(retry.extensions.outcome).toBe('pending');
        expect(write.calls).toBe(1);
      });

      it('a failing claim fails the request before the work runs', async () => {
        const failure = storeDown();
        const broken = idempotency({
          store: { ...store, claimIdempotencyKey: () => Promise.reject(failure) },
        });
        const write = jiraWrite();
        await expect(broken.run(request(), write.work, codec)).rejects.toBe(failure);
        expect(write.calls).toBe(0);
      });

      it('expired records are pruned in the background, at most once a minute per instance', async () => {
        let now = Date.now();
        const pruneTimes: number[] = [];
        const counting: TokenStore = {
          ...store,
          pruneIdempotencyKeys: (at) => {
            pruneTimes.push(at.getTime());
            return store.pruneIdempotencyKeys(at);
          },
        };
        const service = idempotency({ store: counting, now: () => new Date(now), ttlMs: 10 * MINUTE });
        const write = jiraWrite();
        const old = request();
        const start = now;
        await service.run(old, write.work, codec);
        now += 30_000;
        await service.run(request(), write.work, codec);
        expect(pruneTimes).toEqual([start]);
        expect(await store.getIdempotencyKey(old.scope, old.key ?? '')).toMatchObject({ state: 'done' });
        // Past its lifetime: the next run's prune deletes it.
        now = start + 11 * MINUTE;
        await service.run(request(), write.work, codec);
        expect(pruneTimes).toEqual([start, now]);
        await vi.waitFor(async () => {
          expect(await store.getIdempotencyKey(old.scope, old.key ?? '')).toBeNull();
        });
        expect(service.reported).toEqual([]);
      });

      it('a failing prune does not fail the request; it is reported', async () => {
        const failure = storeDown();
        const broken = idempotency({
          store: { ...store, pruneIdempotencyKeys: () => Promise.reject(failure) },
        });
        const write = jiraWrite();
        expect(await broken.run(request(), write.work, codec)).toEqual({ key: 'OPS-1', replayed: false });
        await vi.waitFor(() => expect(broken.reported).toEqual([['prune', failure]]));
      });
    });
  },
);
