import { describe, expect, it } from 'vitest';
import {
  admit,
  CLOSED,
  onFailure,
  onProbeSuccess,
  onSuccess,
  refresh,
  type CircuitConfig,
  type CircuitSnapshot,
} from '../../../src/core/moog/circuit-breaker.js';

const cfg: CircuitConfig = { threshold: 3, openMs: 10_000, probeTtlMs: 2_000 };

function failMany(s: CircuitSnapshot, ids: string[], now = 0): CircuitSnapshot {
  return ids.reduce((acc, id) => onFailure(acc, id, now, cfg), s);
}

describe('circuit breaker state machine', () => {
  it('CLOSED admits everyone', () => {
    expect(admit(CLOSED, 0, cfg, 'a').verdict).toBe('allow');
  });
  it('opens at the threshold of distinct failed messages', () => {
    const s = failMany(CLOSED, ['m1', 'm2']);
    expect(s).toMatchObject({ state: 'CLOSED', failures: 2 });
    expect(failMany(s, ['m3'], 5)).toMatchObject({ state: 'OPEN', failures: 3, openedAtMs: 5 });
  });
  it('retries of the same message count once', () => {
    const s = failMany(CLOSED, ['m1', 'm1', 'm1', 'm1', 'm2', 'm2']);
    expect(s).toMatchObject({ state: 'CLOSED', failures: 2 });
  });
  it('a success resets the count', () => {
    const s = onSuccess(failMany(CLOSED, ['m1', 'm2']), 0, cfg);
    expect(s).toEqual(CLOSED);
    expect(failMany(s, ['m1', 'm2'])).toMatchObject({ state: 'CLOSED', failures: 2 });
  });
  it('OPEN rejects until the timeout, then HALF_OPEN lets exactly one probe through', () => {
    const open = failMany(CLOSED, ['a', 'b', 'c'], 1000);
    expect(admit(open, 10_999, cfg, 'p1').verdict).toBe('reject');
    const first = admit(open, 11_000, cfg, 'p1');
    expect(first.verdict).toBe('probe');
    expect(first.next.state).toBe('HALF_OPEN');
    expect(admit(first.next, 11_001, cfg, 'p2').verdict).toBe('reject');
    expect(admit(first.next, 11_500, cfg, 'p1').verdict).toBe('reject');
    // the probe lock expires if its holder vanished
    expect(admit(first.next, 13_000, cfg, 'p2').verdict).toBe('probe');
  });
  it('probe success closes; probe failure re-opens with a fresh open time', () => {
    const half = admit(failMany(CLOSED, ['a', 'b', 'c'], 0), 10_000, cfg, 'p').next;
    expect(onSuccess(half, 10_100, cfg)).toEqual(CLOSED);
    const reopened = onFailure(half, 'x', 10_100, cfg);
    expect(reopened).toMatchObject({ state: 'OPEN', openedAtMs: 10_100, probeHolder: null });
    expect(admit(reopened, 15_000, cfg, 'p').verdict).toBe('reject');
  });
  it('failures while OPEN change nothing; a success while OPEN keeps it OPEN', () => {
    const open = failMany(CLOSED, ['a', 'b', 'c'], 0);
    expect(onFailure(open, 'z', 100, cfg)).toEqual(open);
    expect(onSuccess(open, 100, cfg)).toMatchObject({ state: 'OPEN', failures: 0 });
  });
  it('refresh moves OPEN to HALF_OPEN lazily', () => {
    const open = failMany(CLOSED, ['a', 'b', 'c'], 0);
    expect(refresh(open, 9_999, cfg).state).toBe('OPEN');
    expect(refresh(open, 10_000, cfg).state).toBe('HALF_OPEN');
  });
  it('a passing health probe half-opens an OPEN breaker before its timeout, and never closes one', () => {
    const open = failMany(CLOSED, ['a', 'b', 'c'], 1_000);
    expect(refresh(open, 2_000, cfg).state).toBe('OPEN');
    const half = onProbeSuccess(open, 2_000, cfg);
    expect(half.state).toBe('HALF_OPEN');
    expect(admit(half, 2_001, cfg, 'p1').verdict).toBe('probe');
    expect(onProbeSuccess(half, 2_002, cfg).state).toBe('HALF_OPEN');
    expect(onProbeSuccess(CLOSED, 2_000, cfg)).toBe(CLOSED);
  });
});
