// The forwarder's continuous delivery window and batched rate-limit permits (issue 4): a slow alert holds only
// its own slot, and acquireMany never grants past the shared window on either back end.
import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, startWith, useForwarderFixture, waitFor } from './harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];

useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

async function processingDepth(): Promise<number> {
  const q = tb.backends.queues;
  let n = 0;
  for (const l of await q.listQueues(tb.backends.keys.processingPrefix('moog'))) n += await q.depth(l);
  return n;
}

describe('forwarder pipeline', () => {
  it('a slow alert holds only its own slot: the others are delivered and settled while it is in flight', async () => {
    moog.state.control({ rules: [{ match: 'slow-1', status: 200, latencyMs: 4_000 }] }, Date.now());
    running.push(
      await startWith(startForwarder, tb, {
        MOOG_WEBHOOK_URL: moog.url,
        MOOG_RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_MAX_REQUESTS: '100000',
        FORWARDER_CONCURRENCY: '4',
        FORWARDER_BATCH_SIZE: '4',
      }),
    );
    const fast = Array.from({ length: 40 }, (_, i) => `fast-${i}`);
    // The slow one is consumed first, so a batch-synchronous forwarder would hold its batch-mates behind it.
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('slow-1'), ...fast.map((id) => alert(id))]);
    await waitFor(
      '40 fast deliveries and only the slow alert left in the processing list',
      async () => ({
        delivered: moog.state.events.length,
        processing: await processingDepth(),
      }),
      (v) => v.delivered === 40 && v.processing === 1,
      3_500,
    );
    expect(moog.state.events.some((e) => e.externalId.includes('slow-1'))).toBe(false);
    await waitFor(
      'slow alert delivered and settled',
      async () => ({ delivered: moog.state.events.length, processing: await processingDepth() }),
      (v) => v.delivered === 41 && v.processing === 0,
      10_000,
    );
    expect(moog.state.duplicates).toBe(0);
  });

  it('acquireMany grants up to the window, reports the wait, and shares the window with acquire', async () => {
    const { rateLimiter } = tb.backends;
    const key = tb.backends.keys.rateLimit(`many-${Date.now()}`);
    const windowMs = 1_500;
    expect(await rateLimiter.acquireMany(key, 3, 5, windowMs)).toEqual({ granted: 3, waitMs: 0 });
    const partial = await rateLimiter.acquireMany(key, 4, 5, windowMs);
    expect(partial.granted).toBe(2);
    expect(partial.waitMs).toBeGreaterThan(0);
    expect(partial.waitMs).toBeLessThanOrEqual(windowMs);
    expect((await rateLimiter.acquireMany(key, 10, 5, windowMs)).granted).toBe(0);
    expect((await rateLimiter.acquire(key, 5, windowMs)).allowed).toBe(false);
    expect(await rateLimiter.count(key, windowMs)).toBe(5);
    expect(await rateLimiter.acquireMany(key, 0, 5, windowMs)).toEqual({ granted: 0, waitMs: 0 });
    await waitFor(
      'window frees up',
      async () => (await rateLimiter.acquireMany(key, 5, 5, windowMs)).granted,
      (g) => g > 0,
      5_000,
    );
    expect(await rateLimiter.count(key, windowMs)).toBeLessThanOrEqual(5);
    await rateLimiter.reset(key);
  });

  it('reserveSlots books send times spaced window/max apart on one shared schedule, never past the horizon', async () => {
    const { rateLimiter } = tb.backends;
    const key = tb.backends.keys.rateLimit(`pacer-${Date.now()}`);
    // 10 per 1 s: one slot every 100 ms; a 250 ms horizon books at most three (0, 100, 200 ms ahead).
    const first = await rateLimiter.reserveSlots(key, 5, 10, 1_000, 250);
    expect(first.slotsInMs).toHaveLength(3);
    expect(first.slotsInMs[0]).toBeLessThan(5);
    expect((first.slotsInMs[1] as number) - (first.slotsInMs[0] as number)).toBeCloseTo(100, 0);
    expect((first.slotsInMs[2] as number) - (first.slotsInMs[1] as number)).toBeCloseTo(100, 0);
    // A second caller continues the same schedule instead of starting its own.
    const full = await rateLimiter.reserveSlots(key, 5, 10, 1_000, 250);
    expect(full.slotsInMs).toHaveLength(0);
    expect(full.waitMs).toBeGreaterThan(0);
    expect(full.waitMs).toBeLessThanOrEqual(100);
    const next = await waitFor(
      'next slot bookable',
      () => rateLimiter.reserveSlots(key, 1, 10, 1_000, 250),
      (r) => r.slotsInMs.length === 1,
      3_000,
    );
    expect(next.slotsInMs[0]).toBeGreaterThan(150);
    await rateLimiter.reset(key);
  });
});
