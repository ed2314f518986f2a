// The revision poll: a baseline at start, one onChange per change seen,
// fail-closed when the store cannot be read, and nothing after stop().
import { afterEach, describe, expect, it } from 'vitest';
import { pollRevision, type RevocationFeed } from '../../src/tokens/revocation-feed.ts';

const INTERVAL_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store revision the test moves, and the reads the feed made. */
function fakeRevision(start = 7) {
  let value: number | Error = start;
  let reads = 0;
  return {
    set(next: number | Error) {
      value = next;
    },
    get reads() {
      return reads;
    },
    read: async () => {
      reads++;
      if (value instanceof Error) throw value;
      return value;
    },
  };
}

/** Resolves once `check` holds, polling every few ms; fails after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('pollRevision', () => {
  const feeds: RevocationFeed[] = [];
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.stop();
  });

  function started(revision: ReturnType<typeof fakeRevision>, errors: unknown[] = []) {
    const feed = pollRevision({
      read: revision.read,
      intervalMs: INTERVAL_MS,
      onError: (e) => errors.push(e),
    });
    feeds.push(feed);
    return feed;
  }

  it('takes the revision at start as known, then tells of each change once', async () => {
    const revision = fakeRevision();
    let changes = 0;
    await started(revision).start(() => changes++);
    expect(revision.reads).toBe(1);
    await eventually(() => revision.reads >= 4);
    expect(changes).toBe(0);

    revision.set(8);
    await eventually(() => changes === 1);
    const readsThen = revision.reads;
    await eventually(() => revision.reads >= readsThen + 3);
    expect(changes).toBe(1);

    revision.set(10);
    await eventually(() => changes === 2);
  });

  it('drops caches on every failed read, and reports a run of failures once', async () => {
    const revision = fakeRevision();
    const errors: unknown[] = [];
    let changes = 0;
    await started(revision, errors).start(() => changes++);
    const outage = new Error('connection refused');
    revision.set(outage);
    await eventually(() => changes >= 3);
    expect(errors).toEqual([outage]);

    // Back, unchanged: no more drops; a later outage is reported again.
    revision.set(7);
    const readsThen = revision.reads;
    await eventually(() => revision.reads >= readsThen + 2);
    const changesThen = changes;
    await eventually(() => revision.reads >= readsThen + 4);
    expect(changes).toBe(changesThen);
    revision.set(outage);
    await eventually(() => errors.length === 2);
  });

  it('start rejects when the store cannot be read at all', async () => {
    const revision = fakeRevision();
    revision.set(new Error('no such table: jgg_revision'));
    await expect(started(revision).start(() => {})).rejects.toThrow('no such table');
  });

  it('reads nothing after stop()', async () => {
    const revision = fakeRevision();
    const feed = started(revision);
    await feed.start(() => {});
    await eventually(() => revision.reads >= 2);
    await feed.stop();
    const readsThen = revision.reads;
    await sleep(INTERVAL_MS * 4);
    expect(revision.reads).toBe(readsThen);
  });
});
