// Idempotency's run() over the real store, SQLite always and PostgreSQL when
// JGG_TEST_DATABASE_URL names a server. Two store instances opened on one
// database stand for two gateway processes: a first request runs through one,
// its retry through the other. The "work" is a counter standing for the Jira
// write, so a test sees whether a retry wrote again.
import { beforeEach, describe, expect, it } from 'vitest';
import { PublicError } from '../../src/errors.ts';
import type { TokenStore } from '../../src/store/store.ts';
import {
  createIdempotency,
  type IdempotencyDeps,
  idempotencyRequestHash,
} from '../../src/writes/idempotency.ts';
import {
  BACKENDS,
  codec,
  DAY,
  held,
  jiraWrite,
  MINUTE,
  noAnswer,
  outcomeUnknown,
  refused,
  rejection,
  request,
  useSharedStores,
} from './idempotency-fixtures.ts';

describe.each(BACKENDS.map((b) => [b.name, b] as const))('idempotency on %s', (_name, backend) => {
  describe.skipIf(!backend.enabled)('run()', () => {
    const stores = useSharedStores(backend);
    let store: TokenStore;
    let other: TokenStore;
    beforeEach(() => {
      ({ store, other } = stores());
    });

    /** A service over `store` (or the one given), as one process has. */
    function idempotency(deps: Partial<IdempotencyDeps> = {}) {
      return createIdempotency({ store, outcomeUnknown, pendingWaitMs: 5_000, ...deps });
    }

    it('without a key the work runs every time', async () => {
      const write = jiraWrite();
      const service = idempotency();
      const req = request({ key: null });
      expect(await service.run(req, write.work, codec)).toEqual({ key: 'OPS-1', replayed: false });
      expect(await service.run(req, write.work, codec)).toEqual({ key: 'OPS-2', replayed: false });
    });

    it('an invalid key is BAD_USER_INPUT before anything runs or is stored, and is not echoed', async () => {
      const write = jiraWrite();
      const service = idempotency();
      for (const key of ['', ' padded', 'x'.repeat(256), 'line\nbreak', 'clé']) {
        const error = await rejection(service.run(request({ key }), write.work, codec));
        expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
        expect(error.message).toMatch(/^The idempotency key is not valid: it /);
        if (key.length > 3) expect(error.message).not.toContain(key);
      }
      expect(write.calls).toBe(0);
    });

    it('a retry with the same key and input, on another process, returns the first result without writing', async () => {
      const write = jiraWrite();
      const first = request({ input: { projectKey: 'OPS', summary: 'Disk full', labels: ['ops'] } });
      expect(await idempotency().run(first, write.work, codec)).toEqual({ key: 'OPS-1', replayed: false });
      // Field order and undefined fields do not make another request.
      const retry = {
        ...first,
        input: { labels: ['ops'], summary: 'Disk full', projectKey: 'OPS', due: undefined },
      };
      expect(await idempotency({ store: other }).run(retry, write.work, codec)).toEqual({
        key: 'OPS-1',
        replayed: true,
      });
      expect(await idempotency().run(retry, write.work, codec)).toEqual({ key: 'OPS-1', replayed: true });
      expect(write.calls).toBe(1);
      expect(await store.getIdempotencyKey(first.scope, first.key ?? '')).toMatchObject({
        state: 'done',
        result: '{"key":"OPS-1"}',
      });
    });

    it('the same key with another input or for another operation is BAD_USER_INPUT, and the first result stays', async () => {
      const write = jiraWrite();
      const service = idempotency();
      const first = request();
      await service.run(first, write.work, codec);
      for (const changed of [
        { ...first, input: { projectKey: 'OPS', summary: 'Disk fuller', labels: ['ops'] } },
        { ...first, operation: 'addComment' },
      ]) {
        const error = await rejection(idempotency({ store: other }).run(changed, write.work, codec));
        expect(error.message).toBe(
          'This idempotency key was used for a different request in the last 24 h (operation createIssue); use a new key.',
        );
        expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', idempotencyKey: first.key });
      }
      expect(await service.run(first, write.work, codec)).toEqual({ key: 'OPS-1', replayed: true });
      expect(write.calls).toBe(1);
    });

    it("a key is the caller's own: another identity reusing it neither gets the first result nor is refused", async () => {
      const write = jiraWrite();
      const service = idempotency();
      const victim = request();
      await service.run(victim, write.work, codec);
      // Same key and input, another identity: its own write, not the victim's issue.
      expect(await service.run({ ...victim, scope: 'attacker' }, write.work, codec)).toEqual({
        key: 'OPS-2',
        replayed: false,
      });
      // Same key, another input: not a "different request" of the victim's.
      const probe = { ...victim, scope: 'attacker-2', input: { probing: true } };
      expect(await service.run(probe, write.work, codec)).toEqual({ key: 'OPS-3', replayed: false });
      expect(await service.run(victim, write.work, codec)).toEqual({ key: 'OPS-1', replayed: true });
    });

    it('a refused write releases the key: the error comes back unchanged and a corrected retry writes', async () => {
      const error = refused();
      const failing = jiraWrite({ fail: error });
      const first = request({ input: { projectKey: 'OPS', summary: '' } });
      await expect(idempotency().run(first, failing.work, codec)).rejects.toBe(error);
      expect(await store.getIdempotencyKey(first.scope, first.key ?? '')).toBeNull();
      const write = jiraWrite();
      const corrected = { ...first, input: { projectKey: 'OPS', summary: 'Disk full' } };
      expect(await idempotency({ store: other }).run(corrected, write.work, codec)).toEqual({
        key: 'OPS-1',
        replayed: false,
      });
      expect(await idempotency().run(corrected, write.work, codec)).toMatchObject({ replayed: true });
      expect(write.calls).toBe(1);
    });

    it('an unknown outcome keeps the key: a retry answers outcome unknown and never writes', async () => {
      const error = noAnswer();
      const write = jiraWrite({ fail: error });
      const first = request();
      await expect(idempotency().run(first, write.work, codec)).rejects.toBe(error);
      expect(await store.getIdempotencyKey(first.scope, first.key ?? '')).toMatchObject({ state: 'unknown' });
      for (const service of [idempotency(), idempotency({ store: other })]) {
        const retry = await rejection(service.run(first, write.work, codec));
        expect(retry.message).toBe(
          'The first request with this idempotency key may or may not have reached Jira; check Jira before retrying with a new key.',
        );
        expect(retry.extensions).toEqual({
          code: 'UPSTREAM_UNAVAILABLE',
          outcome: 'unknown',
          idempotencyKey: first.key,
        });
      }
      const changed = await rejection(idempotency().run({ ...first, input: {} }, write.work, codec));
      expect(changed.extensions.code).toBe('BAD_USER_INPUT');
      expect(write.calls).toBe(1);
    });

    it('an unexpected failure counts as unknown when outcomeUnknown says so (the lead maps masked errors)', async () => {
      const crash = new TypeError('boom after sending');
      const write = jiraWrite({ fail: crash });
      const service = idempotency({ outcomeUnknown: (e) => !(e instanceof PublicError) });
      const first = request();
      await expect(service.run(first, write.work, codec)).rejects.toBe(crash);
      expect((await rejection(service.run(first, write.work, codec))).extensions.outcome).toBe('unknown');
      expect(write.calls).toBe(1);
    });

    it('a retry while the first is in flight (another process) waits and returns its result', async () => {
      const gate = held();
      const write = jiraWrite({ hold: gate.hold });
      const first = request();
      const firstRun = idempotency().run(first, write.work, codec);
      await expect.poll(() => write.calls).toBe(1);
      let retrySettled = false;
      const retryRun = idempotency({ store: other })
        .run(first, write.work, codec)
        .finally(() => {
          retrySettled = true;
        });
      // The retry is polling the store, not finished: it would otherwise have failed or written.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(retrySettled).toBe(false);
      gate.release();
      expect(await firstRun).toEqual({ key: 'OPS-1', replayed: false });
      expect(await retryRun).toEqual({ key: 'OPS-1', replayed: true });
      expect(write.calls).toBe(1);
    });

    it('a retry waiting on a first that Jira refuses claims the key and writes itself', async () => {
      const gate = held();
      const failing = jiraWrite({ hold: gate.hold, fail: refused() });
      const first = request();
      const firstRun = idempotency().run(first, failing.work, codec);
      await expect.poll(() => failing.calls).toBe(1);
      const write = jiraWrite();
      const retryRun = idempotency({ store: other }).run(first, write.work, codec);
      gate.release();
      await expect(firstRun).rejects.toThrow('Jira refused');
      expect(await retryRun).toEqual({ key: 'OPS-1', replayed: false });
      expect(write.calls).toBe(1);
    });

    it('a retry stops waiting after pendingWaitMs: outcome pending, and nothing written', async () => {
      const gate = held();
      const write = jiraWrite({ hold: gate.hold });
      const first = request();
      const firstRun = idempotency().run(first, write.work, codec);
      await expect.poll(() => write.calls).toBe(1);
      const retry = await rejection(
        idempotency({ store: other, pendingWaitMs: 200 }).run(first, write.work, codec),
      );
      expect(retry.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'pending',
        idempotencyKey: first.key,
      });
      expect(retry.message).toMatch(/still in progress/);
      gate.release();
      await firstRun;
      expect(write.calls).toBe(1);
    });

    it('a pending record older than stalePendingMs (its process died mid-write) answers outcome unknown at once', async () => {
      const first = request();
      const started = new Date(Date.now() - 3 * MINUTE);
      await store.claimIdempotencyKey({
        scope: first.scope,
        key: first.key ?? '',
        operation: first.operation,
        requestHash: idempotencyRequestHash(first.operation, first.input),
        createdAt: started,
        expiresAt: new Date(started.getTime() + DAY),
      });
      const write = jiraWrite();
      // A wait of a minute would outlast the test's timeout: the answer must not wait.
      const service = idempotency({ store: other, pendingWaitMs: 60_000 });
      const retry = await rejection(service.run(first, write.work, codec));
      expect(retry.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'unknown' });
      expect(write.calls).toBe(0);
    });

    it('an expired key is claimed afresh (fake clock): the same input writes again, another input is accepted', async () => {
      let now = Date.now();
      const service = idempotency({ now: () => new Date(now), ttlMs: DAY });
      const write = jiraWrite();
      const first = request();
      await service.run(first, write.work, codec);
      now += DAY - 1;
      expect(await service.run(first, write.work, codec)).toMatchObject({ key: 'OPS-1', replayed: true });
      now += 1;
      expect(await service.run(first, write.work, codec)).toEqual({ key: 'OPS-2', replayed: false });
      now += DAY;
      expect(await service.run({ ...first, input: { other: 1 } }, write.work, codec)).toEqual({
        key: 'OPS-3',
        replayed: false,
      });
      expect(write.calls).toBe(3);
    });

    it('many concurrent requests with one key over two processes write once and all get that result', async () => {
      const gate = held();
      const write = jiraWrite({ hold: gate.hold });
      const first = request();
      const services = [idempotency(), idempotency({ store: other })];
      const runs = Array.from({ length: 20 }, (_, i) => services[i % 2]?.run(first, write.work, codec));
      await expect.poll(() => write.calls).toBe(1);
      gate.release();
      const results = await Promise.all(runs);
      expect(write.calls).toBe(1);
      expect(results.filter((r) => r?.replayed === false)).toHaveLength(1);
      expect(results.every((r) => r?.key === 'OPS-1')).toBe(true);
    });
  });
});
