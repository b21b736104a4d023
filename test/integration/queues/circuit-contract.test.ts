// The shared circuit breaker behaves the same on both profiles: reading it never moves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircuitConfig } from '../../../src/core/moog/circuit-breaker.js';
import { openQueueHarness, profileUnderTest, type QueueHarness } from './harness.js';

// Same stored breaker, read with an open period already over (elapsed) and one that is not (waiting).
const elapsed: CircuitConfig = { threshold: 1, openMs: 0, probeTtlMs: 60_000 };
const waiting: CircuitConfig = { ...elapsed, openMs: 3_600_000 };

describe(`Circuit breaker contract (${profileUnderTest})`, () => {
  let h: QueueHarness;

  beforeAll(async () => {
    h = await openQueueHarness();
  });
  afterAll(async () => {
    await h?.backends.circuit.reset();
    await h?.cleanup();
  });

  it('status past the open period reports HALF_OPEN but stores nothing; only admit half-opens the breaker', async () => {
    const { circuit } = h.backends;
    await circuit.reset();
    const opened = await circuit.recordFailure(elapsed, 'm1');
    expect(opened.state).toBe('OPEN');
    for (let i = 0; i < 5; i++) {
      const s = await circuit.status(elapsed);
      expect(s.state).toBe('HALF_OPEN');
      expect(s.openedAtMs).toBe(opened.openedAtMs);
      // The stored breaker is still OPEN: a reader whose open period has not passed sees it so.
      expect((await circuit.status(waiting)).state).toBe('OPEN');
    }
    const first = await circuit.admit(elapsed, 'pod-a');
    expect(first.verdict).toBe('probe');
    expect(first.status).toMatchObject({ state: 'HALF_OPEN', probeHolder: 'pod-a' });
    expect(await circuit.status(waiting)).toMatchObject({ state: 'HALF_OPEN', probeHolder: 'pod-a' });
    expect((await circuit.admit(elapsed, 'pod-b')).verdict).toBe('reject');
  });

  it('a passing health probe still half-opens an OPEN breaker before its timeout', async () => {
    const { circuit } = h.backends;
    await circuit.reset();
    await circuit.recordFailure(waiting, 'm2');
    expect((await circuit.status(waiting)).state).toBe('OPEN');
    expect((await circuit.recordProbeSuccess(waiting)).state).toBe('HALF_OPEN');
    expect((await circuit.status(waiting)).state).toBe('HALF_OPEN');
  });
});
