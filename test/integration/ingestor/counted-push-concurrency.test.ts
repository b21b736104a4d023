// Concurrent ingest pushes (EventCounters.pushCounted) on both profiles. The embedded profile coalesces concurrent
// requests into one PGlite statement (group commit); each request must still get the result it would have got
// alone, in arrival order: the cap is checked per request, accepted requests' events are queued and counted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStamps } from '../../../src/ports/event-counters.js';
import { openQueueHarness, profileUnderTest, type QueueHarness } from '../queues/harness.js';

describe(`counted pushes under concurrency (${profileUnderTest})`, () => {
  let h: QueueHarness;

  beforeAll(async () => {
    h = await openQueueHarness();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('accepts concurrent single-event requests in order until the cap, each with its own depth', async () => {
    const queue = h.name('ingest');
    const at = new Date('2001-02-03T04:05:06Z');
    const stamp = bucketStamps(at)['1m'];
    const before = (await h.backends.eventCounters.read('1m', [stamp]))[0] ?? 0;
    const cap = 25;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.backends.eventCounters.pushCounted(queue, [`e${i}`], cap, at)),
    );
    results.forEach((r, i) => {
      if (i < cap) expect(r).toEqual({ accepted: true, depth: i, length: i + 1 });
      else expect(r).toEqual({ accepted: false, depth: cap, length: cap });
    });
    expect(await h.backends.queues.depth(queue)).toBe(cap);
    // Oldest first, in request order: nothing reordered or duplicated by the grouping.
    const claimed = await h.backends.queues.claim(queue, h.name('proc'), 100, 0);
    expect(claimed.map((m) => m.body)).toEqual(Array.from({ length: cap }, (_, i) => `e${i}`));
    expect((await h.backends.eventCounters.read('1m', [stamp]))[0]).toBe(before + cap);
  });

  it('checks a soft cap once per request: a batch that starts below the cap is queued whole', async () => {
    const queue = h.name('ingest');
    const at = new Date();
    const sizes = [3, 5, 4, 2, 1];
    const batches = sizes.map((n, r) => Array.from({ length: n }, (_, i) => `r${r}-${i}`));
    const results = await Promise.all(batches.map((b) => h.backends.eventCounters.pushCounted(queue, b, 10, at)));
    expect(results).toEqual([
      { accepted: true, depth: 0, length: 3 },
      { accepted: true, depth: 3, length: 8 },
      { accepted: true, depth: 8, length: 12 },
      { accepted: false, depth: 12, length: 12 },
      { accepted: false, depth: 12, length: 12 },
    ]);
    const claimed = await h.backends.queues.claim(queue, h.name('proc'), 100, 0);
    expect(claimed.map((m) => m.body)).toEqual([...batches[0]!, ...batches[1]!, ...batches[2]!]);
  });

  it('keeps requests with different caps or queues apart and answers each', async () => {
    const a = h.name('a');
    const b = h.name('b');
    const at = new Date();
    const [ra, rb, rc] = await Promise.all([
      h.backends.eventCounters.pushCounted(a, ['x'], 1, at),
      h.backends.eventCounters.pushCounted(b, ['y', 'z'], 5, at),
      h.backends.eventCounters.pushCounted(a, ['w'], 1, at),
    ]);
    expect(ra).toEqual({ accepted: true, depth: 0, length: 1 });
    expect(rb).toEqual({ accepted: true, depth: 0, length: 2 });
    expect(rc).toEqual({ accepted: false, depth: 1, length: 1 });
    expect(await h.backends.queues.depth(a)).toBe(1);
    expect(await h.backends.queues.depth(b)).toBe(2);
  });
});
