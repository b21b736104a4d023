import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import { startRemediation } from '../../../src/services/remediation/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, dlqEntries, startWith, useForwarderFixture, waitFor } from '../forwarder/harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];

useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

const env = () => ({
  MOOG_WEBHOOK_URL: moog.url,
  MOOG_RATE_LIMIT_ENABLED: 'false',
  RETRY_INITIAL_DELAY: '0.05',
  RETRY_MAX_ATTEMPTS: '2',
  MOOG_TIMEOUT: '2',
  CIRCUIT_BREAKER_THRESHOLD: '3',
  CIRCUIT_BREAKER_TIMEOUT: '1',
  REMEDIATION_INTERVAL: '0.2',
  REMEDIATION_BATCH_SIZE: '50',
  MOOG_HEALTH_TIMEOUT: '1',
});

describe('remediation', () => {
  it('drains mutt:dlq:moog after Moog recovers (breaker closes, probe passes): every alert delivered', async () => {
    moog.state.control({ status: 503 }, Date.now());
    running.push(await startWith(startForwarder, tb, { ...env(), FORWARDER_CONCURRENCY: '1' }, 'fwd-r'));
    running.push(await startWith(startRemediation, tb, env(), 'rem-1'));
    const ids = Array.from({ length: 12 }, (_, i) => `out-${i}`);
    await tb.backends.queues.push(
      tb.backends.keys.alertQueue,
      ids.map((id) => alert(id)),
    );
    await waitFor(
      'all in DLQ',
      () => dlqEntries(tb.backends, 'moog'),
      (l) => l.length === 12,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(moog.state.events.length).toBe(0); // unhealthy: nothing replayed
    moog.state.control({ status: 200 }, Date.now());
    await waitFor(
      'all delivered',
      () => new Set(moog.state.events.map((e) => e.externalId)).size,
      (n) => n === 12,
      20_000,
    );
    expect(await tb.backends.queues.depth(tb.backends.keys.dlq('moog'))).toBe(0);
    expect(await tb.backends.queues.depth(tb.backends.keys.dlq('dead'))).toBe(0);
    const sample = moog.state.events[0]?.event.custom_info as Record<string, unknown>;
    expect(sample).toBeDefined();
  });

  it('422 poison: dlq:moog → replayed REMEDIATION_MAX_RETRIES times → mutt:dlq:dead', async () => {
    moog.state.control({ rules: [{ match: 'poison', status: 422 }] }, Date.now());
    running.push(await startWith(startForwarder, tb, env(), 'fwd-p'));
    running.push(await startWith(startRemediation, tb, { ...env(), REMEDIATION_MAX_RETRIES: '2' }, 'rem-2'));
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('poison-1'), alert('good-1')]);
    const [dead] = await waitFor(
      'dead entry',
      () => dlqEntries(tb.backends, 'dead'),
      (l) => l.length === 1,
      20_000,
    );
    expect(dead).toMatchObject({
      correlation_id: 'poison-1',
      _dead_reason: 'max_remediation_attempts',
      _remediation_attempts: 2,
      _dlq_reason: 'non_retryable',
      _dlq_status_code: 422,
    });
    expect(dead?._dead_source_dlq).toBe(tb.backends.keys.dlq('moog'));
    expect(moog.state.byStatus['422']).toBe(3); // first try + 2 replays, no storm
    expect(moog.state.events.map((e) => e.externalId)).toEqual(['good-1']);
    expect(await tb.backends.queues.depth(tb.backends.keys.dlq('moog'))).toBe(0);
  });

  it('shed alerter entries go back to the ingest queue without using the budget; unparsable ones go dead', async () => {
    const k = tb.backends.keys;
    const shed = JSON.stringify({
      message: 'x',
      hostname: 'h',
      correlation_id: 's1',
      _dlq_reason: 'shed_backpressure',
      _dlq_source: 'alerter',
      _dlq_at: new Date().toISOString(),
      _dlq_pod: 'a',
      _remediation_attempts: 9,
    });
    const raw = JSON.stringify({
      _raw: '{oops',
      _dlq_reason: 'invalid_json',
      _dlq_source: 'alerter',
      _dlq_at: new Date().toISOString(),
      _dlq_pod: 'a',
    });
    await tb.backends.queues.push(k.dlq('alerter'), [shed, raw]);
    running.push(await startWith(startRemediation, tb, { ...env(), MOOG_HEALTH_CHECK_ENABLED: 'false' }, 'rem-3'));
    const [back] = await waitFor(
      'replayed to ingest',
      () => tb.backends.queues.range(k.ingestQueue, 0, -1),
      (l) => l.length === 1,
    );
    const replayed = JSON.parse(back as string) as Record<string, unknown>;
    expect(replayed).toMatchObject({ correlation_id: 's1', _remediation_attempts: 9, _last_dlq_reason: 'shed_backpressure' });
    expect(Object.keys(replayed).some((f) => f.startsWith('_dlq_'))).toBe(false);
    const [dead] = await waitFor(
      'dead',
      () => dlqEntries(tb.backends, 'dead'),
      (l) => l.length === 1,
    );
    expect(dead).toMatchObject({ _raw: '{oops', _dead_reason: 'unparseable' });
  });
});
