import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, capturingLogger, dlqEntries, startWith, useForwarderFixture, waitFor } from './harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];

useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

const base = { RETRY_INITIAL_DELAY: '0.05', MOOG_TIMEOUT: '2' };

describe('forwarder coordination', () => {
  it('shared rate limit 50/s across two forwarders: Moog sees ~50/s at most, nothing lost', async () => {
    const env = { ...base, MOOG_WEBHOOK_URL: moog.url, RATE_LIMIT_MAX_REQUESTS: '50', RATE_LIMIT_WINDOW_SECONDS: '1' };
    running.push(await startWith(startForwarder, tb, env, 'rl-a'), await startWith(startForwarder, tb, env, 'rl-b'));
    // Warm-up (connections, JIT), then let the shared window empty before measuring.
    await tb.backends.queues.push(
      tb.backends.keys.alertQueue,
      Array.from({ length: 20 }, (_, i) => alert(`warm-${i}`)),
    );
    await waitFor(
      'warm-up',
      () => moog.state.events.length,
      (n) => n >= 20,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1100));
    moog.state.reset();
    const t0 = Date.now();
    await tb.backends.queues.push(
      tb.backends.keys.alertQueue,
      Array.from({ length: 150 }, (_, i) => alert(`rl-${i}`)),
    );
    await waitFor(
      '150 deliveries',
      () => moog.state.events.length,
      (n) => n >= 150,
      30_000,
    );
    // Two independent 50/s limiters would finish in ~1.5 s at up to 100/s.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    // The mock shares this process's event loop: its arrival stamps carry scheduling jitter (see report).
    expect(moog.state.maxPerSecond).toBeLessThanOrEqual(60);
    expect(moog.state.seen.size).toBe(150);
    expect(await tb.backends.queues.depth(tb.backends.keys.dlq('moog'))).toBe(0);
  });

  it("breaker opens on an outage: later alerts go to the DLQ as circuit_open with the guide's log line", async () => {
    moog.state.control({ status: 503 }, Date.now());
    const cap = capturingLogger();
    running.push(
      await startWith(
        startForwarder,
        tb,
        {
          ...base,
          MOOG_WEBHOOK_URL: moog.url,
          MOOG_RATE_LIMIT_ENABLED: 'false',
          CIRCUIT_BREAKER_THRESHOLD: '3',
          CIRCUIT_BREAKER_TIMEOUT: '300',
          RETRY_MAX_ATTEMPTS: '2',
          FORWARDER_CONCURRENCY: '1',
        },
        'cb-a',
        cap.logger,
      ),
    );
    await tb.backends.queues.push(
      tb.backends.keys.alertQueue,
      Array.from({ length: 10 }, (_, i) => alert(`cb-${i}`)),
    );
    const entries = await waitFor(
      '10 DLQ entries',
      () => dlqEntries(tb.backends, 'moog'),
      (l) => l.length === 10,
    );
    const reasons = entries.map((e) => e._dlq_reason);
    expect(reasons).toContain('circuit_open');
    expect(reasons.filter((r) => r !== 'circuit_open' && r !== 'retry_exhausted')).toEqual([]);
    const st = await tb.backends.circuit.status({ threshold: 3, openMs: 300_000, probeTtlMs: 3000 });
    expect(st.state).toBe('OPEN');
    // 3 distinct messages opened it; retries of those messages did not count twice, nothing was sent after
    expect(moog.state.requests).toBeLessThanOrEqual(6);
    expect(cap.lines.some((l) => l.includes('Circuit breaker is OPEN, skipping forward'))).toBe(true);
    expect(cap.lines.some((l) => /HTTP 503/.test(l))).toBe(true);
  });

  it('after the timeout exactly one probe goes through, and a healthy Moog closes the breaker', async () => {
    const cfg = { threshold: 2, openMs: 500, probeTtlMs: 3000 };
    await tb.backends.circuit.recordFailure(cfg, 'x1');
    await tb.backends.circuit.recordFailure(cfg, 'x2');
    expect((await tb.backends.circuit.status(cfg)).state).toBe('OPEN');
    const env = {
      ...base,
      MOOG_WEBHOOK_URL: moog.url,
      MOOG_RATE_LIMIT_ENABLED: 'false',
      CIRCUIT_BREAKER_THRESHOLD: '2',
      CIRCUIT_BREAKER_TIMEOUT: '0.5',
      CIRCUIT_BREAKER_RESET_ON_START: 'false',
    };
    running.push(await startWith(startForwarder, tb, env, 'probe-a'), await startWith(startForwarder, tb, env, 'probe-b'));
    await waitFor(
      'breaker closed',
      () => tb.backends.circuit.status(cfg).then((s) => s.state),
      (s) => s === 'CLOSED',
      10_000,
    );
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('after-close')]);
    await waitFor(
      'delivery',
      () => moog.state.events.length,
      (n) => n === 1,
    );
  });

  it("janitor returns a dead pod's processing list and leaves a live pod's alone", async () => {
    const k = tb.backends.keys;
    await tb.backends.queues.push(k.processing('moog', 'dead-pod'), [alert('orphan-1')]);
    await tb.backends.queues.push(k.processing('moog', 'live-pod'), [alert('inflight-1')]);
    await tb.backends.heartbeats.beat('moog', 'live-pod', 'other-instance', 60);
    running.push(
      await startWith(startForwarder, tb, { ...base, MOOG_WEBHOOK_URL: moog.url, MOOG_RATE_LIMIT_ENABLED: 'false' }, 'janitor-a'),
    );
    await waitFor(
      'orphan delivered',
      () => moog.state.events.map((e) => e.externalId),
      (ids) => ids.includes('orphan-1'),
    );
    expect(await tb.backends.queues.depth(k.processing('moog', 'dead-pod'))).toBe(0);
    expect(await tb.backends.queues.depth(k.processing('moog', 'live-pod'))).toBe(1);
    expect(moog.state.events.map((e) => e.externalId)).not.toContain('inflight-1');
    await tb.backends.heartbeats.remove('moog', 'live-pod', 'other-instance');
  });
});
