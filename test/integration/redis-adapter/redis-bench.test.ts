// Opt-in throughput figures for the Redis adapter: MUTT_BENCH=1 npx vitest run --project redis-postgres test/integration/redis-adapter/redis-bench.test.ts
// Skipped by default (it takes a few seconds); it still checks that every message moved exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { openRedisFixture, type RedisFixture } from './redis-fixture.js';

const enabled = isRedisProfile && process.env.MUTT_BENCH === '1';

function rate(count: number, ms: number): string {
  return `${Math.round((count * 1000) / ms)}/s`;
}

describe.skipIf(!enabled)('redis adapter throughput (opt-in: MUTT_BENCH=1, redis-postgres profile)', () => {
  let fx: RedisFixture;
  beforeAll(async () => {
    fx = await openRedisFixture();
  });
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('pushBounded → claim(100) → settle to an output queue', async () => {
    const { queues } = fx.backends;
    const q = `${fx.prefix}bench:in`;
    const out = `${fx.prefix}bench:out`;
    const p = `${fx.prefix}bench:processing`;
    const total = 50_000;
    const body = JSON.stringify({ hostname: 'router-1', message: 'x'.repeat(200) });
    let t0 = performance.now();
    for (let i = 0; i < total; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => `${i + j}:${body}`);
      expect((await queues.pushBounded(q, batch, 1_000_000)).accepted).toBe(true);
    }
    const pushMs = performance.now() - t0;
    t0 = performance.now();
    let moved = 0;
    let claimMs = 0;
    for (;;) {
      const c0 = performance.now();
      const got = await queues.claim(q, p, 100, 0);
      claimMs += performance.now() - c0;
      if (got.length === 0) break;
      await queues.settle(p, got, [{ queue: out, messages: got.map((m) => m.body) }]);
      moved += got.length;
    }
    const cycleMs = performance.now() - t0;
    expect(moved).toBe(total);
    expect(await queues.depth(out)).toBe(total);
    expect(await queues.depth(p)).toBe(0);
    console.log(
      `push (batches of 500): ${rate(total, pushMs)}; claim(100)+settle: ${rate(total, cycleMs)} (${total} msgs, ${Math.round(cycleMs)} ms, ${Math.round(claimMs)} ms of it in claim)`,
    );
  });

  it('rate limiter acquire, sequential and 50 concurrent', async () => {
    const rl = fx.backends.rateLimiter;
    const key = fx.keys.rateLimit('bench');
    const n = 5_000;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await rl.acquire(key, 1_000_000, 60_000);
    const seqMs = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: 50 }, () => rl.acquire(key, 1_000_000, 60_000)));
    const parMs = performance.now() - t0;
    expect(await rl.count(key, 60_000)).toBe(2 * n);
    console.log(`rateLimit acquire: sequential ${rate(n, seqMs)}, 50 in flight ${rate(n, parMs)}`);
  });
});
