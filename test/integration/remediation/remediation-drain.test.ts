// The DLQ drains as fast as Moogsoft allows: after an outage, remediation replays batch after batch at the default
// batch size instead of one batch per REMEDIATION_INTERVAL; a passing probe half-opens an OPEN breaker early.
import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import { startRemediation } from '../../../src/services/remediation/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, startWith, useForwarderFixture, waitFor } from '../forwarder/harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];

useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

const TOTAL = 3_000;
const cfg = { threshold: 5, openMs: 300_000, probeTtlMs: 3_000 };

describe('remediation drain', () => {
  it(`delivers ${TOTAL} of ${TOTAL} alerts from an outage within 60 s of recovery, at the default batch size`, async () => {
    const k = tb.backends.keys;
    // Every remediation default except REMEDIATION_INTERVAL=2; the Moog rate limit lifted; a 5 s breaker timeout.
    const env = {
      MOOG_WEBHOOK_URL: moog.url,
      MOOG_RATE_LIMIT_ENABLED: 'false',
      CIRCUIT_BREAKER_TIMEOUT: '5',
      REMEDIATION_INTERVAL: '2',
    };
    moog.state.control({ status: 503 }, Date.now());
    running.push(await startWith(startForwarder, tb, env, 'fwd-drain'));
    running.push(await startWith(startRemediation, tb, env, 'rem-drain'));
    const ids = Array.from({ length: TOTAL }, (_, i) => `drain-${i}`);
    await tb.backends.queues.push(
      k.alertQueue,
      ids.map((id) => alert(id)),
    );
    // The outage parks the alerts: the breaker opens and (almost) all of them land in mutt:dlq:moog.
    await waitFor(
      'alerts parked in mutt:dlq:moog',
      () => tb.backends.queues.depth(k.dlq('moog')),
      (n) => n >= TOTAL - 50,
      60_000,
    );
    expect(moog.state.events.length).toBe(0);

    moog.state.control({ status: 200 }, Date.now());
    const recovered = Date.now();
    let delivered = 0;
    try {
      await waitFor(
        'every alert delivered',
        () => new Set(moog.state.events.map((e) => e.externalId)).size,
        (n) => (delivered = n) === TOTAL,
        60_000,
      );
    } finally {
      console.log(
        `remediation-drain: ${delivered}/${TOTAL} delivered ${((Date.now() - recovered) / 1000).toFixed(1)} s after recovery`,
      );
    }
    expect(Date.now() - recovered).toBeLessThanOrEqual(60_000);
    await waitFor(
      'DLQ empty',
      () => tb.backends.queues.depth(k.dlq('moog')),
      (n) => n === 0,
    );
    expect(await tb.backends.queues.depth(k.dlq('dead'))).toBe(0);
  }, 150_000);

  it('a passing probe half-opens an OPEN breaker before its timeout; status reads do not', async () => {
    const c = tb.backends.circuit;
    for (const id of ['a', 'b', 'c', 'd', 'e']) await c.recordFailure(cfg, id);
    expect((await c.status(cfg)).state).toBe('OPEN');
    expect((await c.status(cfg)).state).toBe('OPEN');
    expect((await c.recordProbeSuccess(cfg)).state).toBe('HALF_OPEN');
    // The next real request is the single trial; a passing probe never closes the breaker by itself.
    expect((await c.admit(cfg, 'pod-a')).verdict).toBe('probe');
    expect((await c.recordProbeSuccess(cfg)).state).toBe('HALF_OPEN');
    expect((await c.recordSuccess(cfg)).state).toBe('CLOSED');
    expect((await c.recordProbeSuccess(cfg)).state).toBe('CLOSED');
  });

  it('remediation half-opens the breaker when Moog answers again, and the forwarder closes it and drains', async () => {
    const k = tb.backends.keys;
    for (const id of ['a', 'b', 'c', 'd', 'e']) await tb.backends.circuit.recordFailure(cfg, id);
    await tb.backends.queues.push(k.dlq('moog'), [
      JSON.stringify({
        ...JSON.parse(alert('ho-1')),
        _dlq_reason: 'circuit_open',
        _dlq_source: 'moog_forwarder',
        _dlq_at: new Date().toISOString(),
        _dlq_pod: 'x',
      }),
    ]);
    // A 300 s breaker timeout: without the probe's half-open the entry would wait five minutes.
    const env = {
      MOOG_WEBHOOK_URL: moog.url,
      MOOG_RATE_LIMIT_ENABLED: 'false',
      CIRCUIT_BREAKER_TIMEOUT: '300',
      CIRCUIT_BREAKER_THRESHOLD: '5',
      REMEDIATION_INTERVAL: '0.5',
    };
    running.push(await startWith(startForwarder, tb, { ...env, CIRCUIT_BREAKER_RESET_ON_START: 'false' }, 'fwd-ho'));
    running.push(await startWith(startRemediation, tb, env, 'rem-ho'));
    await waitFor(
      'delivered',
      () => moog.state.events.map((e) => e.externalId),
      (l) => l.includes('ho-1'),
      20_000,
    );
    expect((await tb.backends.circuit.status(cfg)).state).toBe('CLOSED');
  });
});
