// The arrival guard: how much the forwarder stretches the shared rate-limit window so that Moog, counting requests
// when they arrive, never sees more than the limit in any 1 s even though each request lands some delay after
// its grant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedRateLimiter } from '../../../src/adapters/embedded/embedded-rate-limiter.js';
import { ArrivalGuard } from '../../../src/services/forwarder/arrival-guard.js';
import { RateGate } from '../../../src/services/forwarder/rate-gate.js';
import { maxInWindow } from '../../helpers/sliding-window.js';

/** Slots booked by the pacer (window + guard), each arriving `delay(i)` ms after its slot. */
async function arrivals(
  max: number,
  windowMs: number,
  guardMs: number,
  delay: (i: number) => number,
  demandEveryMs: number,
  runMs: number,
): Promise<number[]> {
  let now = 0;
  const limiter = new EmbeddedRateLimiter(() => now);
  const out: number[] = [];
  for (; now < runMs; now += demandEveryMs) {
    const { slotsInMs } = await limiter.reserveSlots('moog', 8, max, windowMs + guardMs, windowMs);
    for (const slot of slotsInMs) out.push(now + slot + delay(out.length));
  }
  return out;
}

describe('ArrivalGuard', () => {
  it('starts at the cap, rises at once to the spread of round trips, and falls back slowly towards it', () => {
    let now = 100_000;
    const g = new ArrivalGuard(() => now);
    expect(g.guardMs(1000)).toBe(150);
    expect(new ArrivalGuard(() => now).guardMs(100)).toBe(20); // 15 % of a short window, but never under the floor
    g.observe(now - 30, now);
    g.observe(now - 90, now);
    expect(g.baselineMs()).toBe(30);
    expect(g.guardMs(1000)).toBe(150); // a single quiet second does not drop it
    now += 5_000;
    expect(g.guardMs(1000)).toBe(100); // 10 ms per second
    now += 5_000;
    // Spread 60 ms plus the 20 ms floor; a steady Moog latency (every round trip alike) would not widen it.
    expect(g.guardMs(1000)).toBe(90 - 30 + 20);
    g.observe(now - 120, now);
    expect(g.guardMs(1000)).toBe(120 - 30 + 20); // a stall raises it at once
    g.observe(now - 2_000, now);
    expect(g.guardMs(1000)).toBe(150); // capped
    now += 31_000; // nothing answered for 30 s: back to the cap until measured again
    expect(g.guardMs(1000)).toBe(150);
    expect(g.baselineMs()).toBe(0);
  });

  it('with delays varying by less than the guard, no 1 s window at the receiver holds more than the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 179 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        async (max, base, spread, every, noise) => {
          const guard = spread + 21; // the guard exceeds the spread, as ArrivalGuard's floor makes it
          const times = await arrivals(
            max,
            1000,
            guard,
            (i) => base + spread * (noise[i % noise.length] as number),
            every,
            6_000,
          );
          expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('without a guard, the same delays show more than the limit at the receiver', async () => {
    // One window's requests land 150 ms late, the next window's at once: Moog's 1 s then holds both windows' edges.
    const times = await arrivals(50, 1000, 0, (i) => (Math.floor(i / 50) % 2 === 0 ? 150 : 0), 5, 6_000);
    expect(maxInWindow(times, 1000)).toBeGreaterThan(50);
  });
});

describe('RateGate', () => {
  const gate = () =>
    new RateGate({
      limiter: new EmbeddedRateLimiter(),
      key: 'moog',
      limits: () => ({ rateMax: 50, rateWindowMs: 1000 }),
      stopping: () => false,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      onDenied: () => undefined,
    });

  it('books slots spaced (window + guard) / max apart on one schedule', async () => {
    const g = gate();
    const permits = await Promise.all([g.take(), g.take(), g.take()]);
    const at = permits.map((p) => p?.sendAt ?? Number.NaN);
    // Before anything was measured the guard is the cap (150 ms): 1150 ms / 50 = 23 ms apart.
    expect((at[1] as number) - (at[0] as number)).toBeCloseTo(23, 0);
    expect((at[2] as number) - (at[1] as number)).toBeCloseTo(23, 0);
  });

  it('sees a frozen receiver (nothing answered while a request waits), but not one slow request among answered ones', async () => {
    const g = gate();
    const permit = await g.take();
    if (permit === null) throw new Error('no permit');
    const slow = g.sending();
    const fast = g.sending();
    await new Promise((r) => setTimeout(r, 80));
    expect(g.receiverStalled(permit)).toBe(true);
    g.finished(fast, permit);
    expect(g.receiverStalled(permit)).toBe(false);
    g.finished(slow, permit);
    expect(g.receiverStalled(permit)).toBe(false);
  });
});
