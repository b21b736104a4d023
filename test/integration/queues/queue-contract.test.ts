// The Queues contract, run unchanged on both profiles (embedded PGlite and Redis). Redis list semantics are
// the reference: LPUSH producers, oldest consumed first, LRANGE newest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedMessage, Queues } from '../../../src/ports/queues.js';
import { openQueueHarness, profileUnderTest, type QueueHarness } from './harness.js';

const bodies = (ms: readonly ClaimedMessage[]): string[] => ms.map((m) => m.body);

describe(`Queues contract (${profileUnderTest})`, () => {
  let h: QueueHarness;
  let q: Queues;

  beforeAll(async () => {
    h = await openQueueHarness();
    q = h.backends.queues;
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('consumes oldest first across pushes and claims in batches', async () => {
    const queue = h.name('fifo');
    const proc = h.name('proc');
    await q.push(queue, ['a', 'b', 'c']);
    await q.push(queue, ['d', 'e']);
    expect(await q.depth(queue)).toBe(5);
    expect(bodies(await q.claim(queue, proc, 2, 0))).toEqual(['a', 'b']);
    expect(bodies(await q.claim(queue, proc, 10, 0))).toEqual(['c', 'd', 'e']);
    expect(await q.depth(queue)).toBe(0);
    expect(await q.depth(proc)).toBe(5);
    expect(await q.claim(queue, proc, 10, 0)).toEqual([]);
    expect(await q.claim(queue, proc, 0, 0)).toEqual([]);
  });

  it('a blocking claim wakes on a push before its timeout', async () => {
    const queue = h.name('block');
    const proc = h.name('proc');
    const started = Date.now();
    const pending = q.claim(queue, proc, 10, 10_000);
    // Give the claim time to find the queue empty and block; the push must then wake it.
    setTimeout(() => void q.push(queue, ['wake-1', 'wake-2']), 150);
    const got = await pending;
    const elapsed = Date.now() - started;
    expect(bodies(got)[0]).toBe('wake-1');
    expect(elapsed).toBeLessThan(5_000);
    expect(await q.depth(proc)).toBe(got.length);
  });

  it('a blocking claim returns [] after its timeout', async () => {
    const queue = h.name('timeout');
    const proc = h.name('proc');
    const started = Date.now();
    expect(await q.claim(queue, proc, 5, 300)).toEqual([]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('settle removes the claimed messages and appends every output together', async () => {
    const queue = h.name('in');
    const proc = h.name('proc');
    const out1 = h.name('out1');
    const out2 = h.name('out2');
    await q.push(queue, ['m1', 'm2', 'm3']);
    const claimed = await q.claim(queue, proc, 2, 0);
    await q.settle(proc, claimed, [
      { queue: out1, messages: ['x', 'y'] },
      { queue: out2, messages: ['z'] },
    ]);
    expect(await q.depth(proc)).toBe(0);
    expect(await q.range(out1, 0, -1)).toEqual(['y', 'x']);
    expect(await q.range(out2, 0, -1)).toEqual(['z']);
    expect(await q.range(queue, 0, -1)).toEqual(['m3']);
    // Settling with no outputs is a plain ack.
    const last = await q.claim(queue, proc, 1, 0);
    await q.settle(proc, last, []);
    expect(await q.depth(proc)).toBe(0);
    expect(bodies(await q.claim(out1, proc, 5, 0))).toEqual(['x', 'y']);
  });

  it('settle acks only the given messages and keeps the rest in processing', async () => {
    const queue = h.name('partial');
    const proc = h.name('proc');
    await q.push(queue, ['p1', 'p2', 'p3']);
    const claimed = await q.claim(queue, proc, 3, 0);
    await q.settle(proc, claimed.slice(0, 1), []);
    expect(await q.range(proc, 0, -1)).toEqual(expect.arrayContaining(['p2', 'p3']));
    expect(await q.depth(proc)).toBe(2);
  });

  it('release puts messages back at the consuming end in their order', async () => {
    const queue = h.name('release');
    const proc = h.name('proc');
    await q.push(queue, ['a', 'b', 'c', 'd']);
    const first = await q.claim(queue, proc, 2, 0);
    await q.release(proc, first, queue);
    expect(await q.depth(proc)).toBe(0);
    expect(bodies(await q.claim(queue, proc, 10, 0))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('release ignores messages no longer in processing (nothing doubled)', async () => {
    const queue = h.name('release2');
    const proc = h.name('proc');
    await q.push(queue, ['r1', 'r2']);
    const claimed = await q.claim(queue, proc, 2, 0);
    await q.settle(proc, claimed.slice(0, 1), []);
    await q.release(proc, claimed, queue);
    expect(await q.range(queue, 0, -1)).toEqual(['r2']);
    expect(await q.depth(proc)).toBe(0);
  });

  it('recover moves a whole processing list back, losing nothing and keeping claim order', async () => {
    const queue = h.name('recover');
    const proc = h.name('proc');
    await q.push(queue, ['a', 'b', 'c', 'd']);
    await q.claim(queue, proc, 1, 0);
    await q.claim(queue, proc, 2, 0);
    expect(await q.recover(proc, queue)).toBe(3);
    expect(await q.depth(proc)).toBe(0);
    expect(bodies(await q.claim(queue, proc, 10, 0))).toEqual(['a', 'b', 'c', 'd']);
    expect(await q.recover(h.name('empty'), queue)).toBe(0);
  });

  it('pushBounded refuses at the cap and reports the depth it saw', async () => {
    const queue = h.name('bounded');
    expect(await q.pushBounded(queue, ['1', '2'], 3)).toEqual({ accepted: true, depth: 0 });
    // Soft cap, checked once per batch: 2 < 3, so the whole batch goes in.
    expect(await q.pushBounded(queue, ['3', '4'], 3)).toEqual({ accepted: true, depth: 2 });
    expect(await q.pushBounded(queue, ['5'], 3)).toEqual({ accepted: false, depth: 4 });
    expect(await q.depth(queue)).toBe(4);
  });

  it('range is newest first with inclusive, negative-capable indexes (LRANGE)', async () => {
    const queue = h.name('range');
    await q.push(queue, ['a', 'b', 'c', 'd', 'e']);
    expect(await q.range(queue, 0, -1)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await q.range(queue, 0, 1)).toEqual(['e', 'd']);
    expect(await q.range(queue, 1, 2)).toEqual(['d', 'c']);
    expect(await q.range(queue, -2, -1)).toEqual(['b', 'a']);
    expect(await q.range(queue, -100, 0)).toEqual(['e']);
    expect(await q.range(queue, 3, 100)).toEqual(['b', 'a']);
    expect(await q.range(queue, 5, 10)).toEqual([]);
    expect(await q.range(queue, 2, 1)).toEqual([]);
    expect(await q.range(h.name('none'), 0, -1)).toEqual([]);
  });

  it('move, remove and purge', async () => {
    const from = h.name('dlq');
    const to = h.name('target');
    await q.push(from, ['x', 'y', 'x']);
    await q.push(to, ['t1']);
    expect(await q.move(from, 'y', to, 'y2')).toBe(true);
    expect(await q.move(from, 'missing', to, 'never')).toBe(false);
    expect(await q.range(from, 0, -1)).toEqual(['x', 'x']);
    expect(await q.range(to, 0, -1)).toEqual(['y2', 't1']);
    expect(await q.remove(from, 'x')).toBe(true);
    expect(await q.range(from, 0, -1)).toEqual(['x']);
    expect(await q.remove(from, 'nope')).toBe(false);
    expect(await q.purge(to)).toBe(2);
    expect(await q.depth(to)).toBe(0);
    expect(await q.purge(to)).toBe(0);
  });

  it('listQueues returns the existing lists under a prefix, taken literally', async () => {
    const base = h.name('lists');
    await q.push(`${base}:pod_1`, ['m']);
    await q.push(`${base}:pod_2`, ['m']);
    await q.push(`${base}x:other`, ['m']);
    const emptied = `${base}:pod_3`;
    await q.push(emptied, ['m']);
    await q.purge(emptied);
    expect(await q.listQueues(`${base}:`)).toEqual([`${base}:pod_1`, `${base}:pod_2`]);
    expect(await q.listQueues(`${base}:pod?`)).toEqual([]);
  });

  it('keeps bodies byte for byte (unicode, quotes, large)', async () => {
    const queue = h.name('bytes');
    const proc = h.name('proc');
    const odd = ['\u{FEFF}{"message":"héllo ✓"}', 'it\'s "quoted" \\ back', 'x'.repeat(70_000)];
    await q.push(queue, odd);
    const got = bodies(await q.claim(queue, proc, 10, 0));
    // Compared piecewise so a failure does not print 70 kB.
    expect(got.length).toBe(3);
    expect(got[0]).toBe(odd[0]);
    expect(got[1]).toBe(odd[1]);
    expect(got[2] === odd[2]).toBe(true);
    expect((await q.range(queue, 0, -1))[0]).toBeUndefined();
    await q.push(queue, [odd[0] ?? '']);
    expect(await q.range(queue, 0, 0)).toEqual([odd[0]]);
  });

  it('depth agrees with the list contents after every kind of operation', async () => {
    const a = h.name('a');
    const b = h.name('b');
    const proc = h.name('proc');
    const check = async (): Promise<void> => {
      for (const name of [a, b, proc]) expect(await q.depth(name)).toBe((await q.range(name, 0, -1)).length);
    };
    await q.push(a, ['1', '2', '3', '4', '5', '6']);
    await q.pushBounded(b, ['b1'], 10);
    await check();
    const c = await q.claim(a, proc, 4, 0);
    await check();
    await q.settle(proc, c.slice(0, 1), [{ queue: b, messages: ['b2', 'b3'] }]);
    await check();
    await q.release(proc, c.slice(1, 2), a);
    await check();
    expect(await q.recover(proc, b)).toBe(2);
    await check();
    await q.move(b, 'b2', a, 'a-from-b');
    await q.remove(a, '6');
    await check();
    await q.purge(b);
    await check();
    expect(await q.depth(b)).toBe(0);
  });

  it('concurrent claimers never receive the same message', async () => {
    const queue = h.name('race');
    const msgs = Array.from({ length: 60 }, (_, i) => `m${i}`);
    await q.push(queue, msgs);
    const results = await Promise.all(
      [0, 1, 2].map(async (w) => {
        const seen: string[] = [];
        for (;;) {
          const got = await q.claim(queue, h.name(`proc${w}`), 7, 0);
          if (got.length === 0) return seen;
          seen.push(...bodies(got));
        }
      }),
    );
    const all = results.flat();
    expect(all.sort()).toEqual([...msgs].sort());
  });
});
