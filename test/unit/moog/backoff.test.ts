import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, baseDelayMs, retryDelayMs, type BackoffPolicy } from '../../../src/core/moog/backoff.js';

const policy: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, multiplier: 2, jitter: 'full' };

describe('backoff', () => {
  it('grows exponentially from the initial delay and caps at max', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((k) => baseDelayMs(policy, k))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
  });
  it('full jitter spans [0, d] with the injected random', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 1)).toBe(4000);
    expect(backoffDelayMs(policy, 3, () => 0.25)).toBe(1000);
  });
  it('equal jitter spans [d/2, d]; none is exact', () => {
    expect(backoffDelayMs({ ...policy, jitter: 'equal' }, 2, () => 0)).toBe(1000);
    expect(backoffDelayMs({ ...policy, jitter: 'equal' }, 2, () => 1)).toBe(2000);
    expect(backoffDelayMs({ ...policy, jitter: 'none' }, 2, () => 0.3)).toBe(2000);
  });
  it('property: always within [0, min(initial·mult^(k-1), max)]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (k, r) => {
        const d = backoffDelayMs(policy, k, () => r);
        return d >= 0 && d <= Math.min(1000 * 2 ** (k - 1), 60_000);
      }),
    );
  });
  it('Retry-After wins over backoff and is capped at max', () => {
    expect(retryDelayMs(policy, 1, 2000, () => 0)).toBe(2000);
    expect(retryDelayMs(policy, 1, 600_000, () => 0)).toBe(60_000);
    expect(retryDelayMs(policy, 2, null, () => 0.5)).toBe(1000);
  });
});
