import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { openRedisFixture, type RedisFixture } from './redis-fixture.js';

describe.skipIf(!isRedisProfile)('redis queues (needs redis-postgres profile)', () => {
  let fx: RedisFixture;
  let n = 0;
  const names = (): { q: string; p: string } => {
    n++;
    return { q: `${fx.prefix}q${n}`, p: `${fx.prefix}mutt:processing:alerter:pod${n}` };
  };
  beforeAll(async () => {
    fx = await openRedisFixture();
  });
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('claims the oldest first and keeps claimed bodies in the processing list', async () => {
    const { queues, redis } = fx.backends;
    const { q, p } = names();
    await queues.push(q, ['a']);
    await queues.push(q, ['b', 'c']);
    // v2.5 layout: producers LPUSH at the head, so the oldest is at the tail.
    expect(await redis.lrange(q, 0, -1)).toEqual(['c', 'b', 'a']);
    const got = await queues.claim(q, p, 10, 0);
    expect(got.map((m) => m.body)).toEqual(['a', 'b', 'c']);
    expect(got.map((m) => m.receipt)).toEqual(['a', 'b', 'c']);
    expect(await queues.depth(q)).toBe(0);
    expect(await queues.range(p, 0, -1)).toEqual(['c', 'b', 'a']);
  });

  it('claims a batch of at most max', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    await queues.push(
      q,
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
    const got = await queues.claim(q, p, 4, 0);
    expect(got.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(await queues.depth(q)).toBe(6);
    expect(await queues.depth(p)).toBe(4);
    expect(await queues.claim(q, p, 0, 0)).toEqual([]);
  });

  it('returns an empty batch after waitMs when nothing arrives', async () => {
    const { q, p } = names();
    const t0 = Date.now();
    expect(await fx.backends.queues.claim(q, p, 5, 200)).toEqual([]);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    // A sub-millisecond wait must not turn into BLMOVE 0 (block forever).
    const t1 = Date.now();
    expect(await fx.backends.queues.claim(q, p, 5, 0.4)).toEqual([]);
    expect(Date.now() - t1).toBeLessThan(1_000);
  });

  it('a blocking claim wakes on push, takes the rest of the batch, and leaves the command connection free', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    const t0 = Date.now();
    const pending = queues.claim(q, p, 10, 10_000);
    // While BLMOVE waits, ordinary commands still answer at once on the shared connection.
    const d0 = Date.now();
    expect(await queues.depth(q)).toBe(0);
    expect(Date.now() - d0).toBeLessThan(500);
    await fx.backends.redis.lpush(q, 'x1', 'x2', 'x3');
    const got = await pending;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(got.map((m) => m.body)).toEqual(['x1', 'x2', 'x3']);
    expect(await queues.depth(p)).toBe(3);
  });

  it('serves concurrent blocking claims without losing or doubling messages', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    const claims = Array.from({ length: 4 }, () => queues.claim(q, p, 1, 10_000));
    await queues.push(q, ['c1', 'c2', 'c3', 'c4']);
    const got = (await Promise.all(claims))
      .flat()
      .map((m) => m.body)
      .sort();
    expect(got).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('settle removes done messages and appends every output in one step', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    const out1 = `${fx.prefix}out1-${n}`;
    const out2 = `${fx.prefix}out2-${n}`;
    await queues.push(q, ['e1', 'e2', 'e3']);
    const got = await queues.claim(q, p, 3, 0);
    await queues.settle(p, got.slice(0, 2), [
      { queue: out1, messages: ['x', 'y'] },
      { queue: out2, messages: ['z'] },
      { queue: out1, messages: [] },
    ]);
    expect(await queues.range(p, 0, -1)).toEqual(['e3']);
    expect(await queues.range(out1, 0, -1)).toEqual(['y', 'x']);
    expect(await queues.range(out2, 0, -1)).toEqual(['z']);
    await queues.settle(p, got.slice(2), []);
    expect(await queues.depth(p)).toBe(0);
    // Outputs are consumed in push order.
    expect((await queues.claim(out1, p, 5, 0)).map((m) => m.body)).toEqual(['x', 'y']);
  });

  it('settle acks only one copy of a duplicated body', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    await queues.push(q, ['dup', 'dup']);
    const got = await queues.claim(q, p, 2, 0);
    await queues.settle(p, got.slice(0, 1), []);
    expect(await queues.range(p, 0, -1)).toEqual(['dup']);
  });

  it('release puts claimed messages back at the consuming end, oldest first, without doubling', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    await queues.push(q, ['r1', 'r2', 'r3', 'r4']);
    const got = await queues.claim(q, p, 3, 0);
    // r2 was recovered by someone else meanwhile: releasing it again must not duplicate it.
    await queues.remove(p, 'r2');
    await queues.push(q, ['r2']);
    await queues.release(p, got, q);
    expect(await queues.depth(p)).toBe(0);
    const again = await queues.claim(q, p, 10, 0);
    expect(again.map((m) => m.body)).toEqual(['r1', 'r3', 'r4', 'r2']);
  });

  it('recover moves the whole processing list back, keeping retry order ahead of newer messages', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    await queues.push(q, ['k1', 'k2', 'k3']);
    await queues.claim(q, p, 3, 0);
    await queues.push(q, ['k4']);
    expect(await queues.recover(p, q)).toBe(3);
    expect(await queues.depth(p)).toBe(0);
    expect(await queues.recover(p, q)).toBe(0);
    const again = await queues.claim(q, p, 10, 0);
    expect(again.map((m) => m.body)).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('pushBounded checks the cap once per batch and refuses at the cap', async () => {
    const { queues } = fx.backends;
    const { q } = names();
    expect(await queues.pushBounded(q, ['b1', 'b2'], 3)).toEqual({ accepted: true, depth: 0 });
    // Soft cap, as in Python MUTT: depth 2 < 3, so the whole batch goes in.
    expect(await queues.pushBounded(q, ['b3', 'b4'], 3)).toEqual({ accepted: true, depth: 2 });
    expect(await queues.pushBounded(q, ['b5'], 3)).toEqual({ accepted: false, depth: 4 });
    expect(await queues.range(q, 0, -1)).toEqual(['b4', 'b3', 'b2', 'b1']);
  });

  it('pushBounded keeps order for batches larger than one Lua chunk', async () => {
    const { queues } = fx.backends;
    const { q, p } = names();
    const msgs = Array.from({ length: 2_500 }, (_, i) => `big${i}`);
    expect(await queues.pushBounded(q, msgs, 100_000)).toEqual({ accepted: true, depth: 0 });
    const got = await queues.claim(q, p, 3_000, 0);
    expect(got.map((m) => m.body)).toEqual(msgs);
  });

  it('move is atomic and only moves what is there', async () => {
    const { queues } = fx.backends;
    const { q: from } = names();
    const { q: to } = names();
    await queues.push(from, ['keep', 'entry']);
    expect(await queues.move(from, 'entry', to, 'entry+meta')).toBe(true);
    expect(await queues.range(from, 0, -1)).toEqual(['keep']);
    expect(await queues.range(to, 0, -1)).toEqual(['entry+meta']);
    expect(await queues.move(from, 'entry', to, 'again')).toBe(false);
    expect(await queues.depth(to)).toBe(1);
  });

  it('remove, purge and range behave like LREM, DEL and LRANGE', async () => {
    const { queues } = fx.backends;
    const { q } = names();
    await queues.push(q, ['a', 'b', 'c', 'd']);
    expect(await queues.range(q, 0, 1)).toEqual(['d', 'c']);
    expect(await queues.range(q, -1, -1)).toEqual(['a']);
    expect(await queues.remove(q, 'b')).toBe(true);
    expect(await queues.remove(q, 'b')).toBe(false);
    expect(await queues.purge(q)).toBe(3);
    expect(await queues.purge(q)).toBe(0);
    expect(await queues.depth(q)).toBe(0);
  });

  it('listQueues returns only lists under the literal prefix', async () => {
    const { queues, redis } = fx.backends;
    const base = `${fx.prefix}mutt:processing:moog:`;
    await queues.push(`${base}pod-a`, ['1']);
    await queues.push(`${base}pod-b`, ['1']);
    await redis.set(`${base}not-a-list`, 'x');
    await queues.push(`${fx.prefix}mutt:processing:alerter:pod-c`, ['1']);
    // Glob characters in a prefix match literally.
    await queues.push(`${fx.prefix}odd[1]*:x`, ['1']);
    await queues.push(`${fx.prefix}odd1:x`, ['1']);
    expect(await queues.listQueues(base)).toEqual([`${base}pod-a`, `${base}pod-b`]);
    expect(await queues.listQueues(`${fx.prefix}odd[1]*:`)).toEqual([`${fx.prefix}odd[1]*:x`]);
  });

  it('queueHealthy answers PONG, and false after close; close ends a pending blocking claim', async () => {
    const other = await fx.another();
    expect(await other.queueHealthy()).toBe(true);
    const { q, p } = names();
    const pending = other.queues.claim(q, p, 1, 30_000);
    await new Promise((r) => setImmediate(r));
    const t0 = Date.now();
    await other.close();
    expect(await pending).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await other.queueHealthy()).toBe(false);
  });
});
