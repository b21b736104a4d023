import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, dlqEntries, startWith, useForwarderFixture, waitFor } from './harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];

useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

async function forwarder(env: Record<string, string> = {}, pod?: string): Promise<RunningService> {
  const s = await startWith(
    startForwarder,
    tb,
    {
      MOOG_WEBHOOK_URL: moog.url,
      MOOG_API_KEY: 'k-123456',
      MOOG_RATE_LIMIT_ENABLED: 'false',
      RETRY_INITIAL_DELAY: '0.05',
      ...env,
    },
    pod,
  );
  running.push(s);
  return s;
}

describe('forwarder delivery', () => {
  it('delivers alerts with the REST LAM payload and bearer auth; nothing left behind', async () => {
    await forwarder();
    const ids = Array.from({ length: 20 }, (_, i) => `cid-${i}`);
    await tb.backends.queues.push(
      tb.backends.keys.alertQueue,
      ids.map((id) => alert(id, { api_key: 'must-not-leak' })),
    );
    await waitFor(
      '20 deliveries',
      () => moog.state.events.length,
      (n) => n >= 20,
    );
    expect(new Set(moog.state.events.map((e) => e.externalId))).toEqual(new Set(ids));
    const first = moog.state.events[0];
    expect(first?.event).toMatchObject({ signature: 'router-01::link-down', severity: 4, manager: 'MUTT', class: 'NetOps' });
    expect(first?.authorization).toBe('Bearer …3456');
    expect(JSON.stringify(first?.event)).not.toContain('must-not-leak');
    const k = tb.backends.keys;
    await waitFor(
      'processing list empty',
      () =>
        tb.backends.queues.listQueues(k.processingPrefix('moog')).then(async (ls) => {
          let n = 0;
          for (const l of ls) n += await tb.backends.queues.depth(l);
          return n;
        }),
      (n) => n === 0,
    );
    expect(await tb.backends.queues.depth(k.dlq('moog'))).toBe(0);
  });

  it.each([400, 401])('HTTP %i goes to mutt:dlq:moog at once with one request (no retry storm)', async (status) => {
    moog.state.control({ status }, Date.now());
    await forwarder();
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('bad-1')]);
    const [entry] = await waitFor(
      'DLQ entry',
      () => dlqEntries(tb.backends, 'moog'),
      (l) => l.length === 1,
    );
    expect(entry).toMatchObject({
      _dlq_reason: 'non_retryable',
      _dlq_status_code: status,
      _dlq_source: 'moog_forwarder',
      _dlq_attempts: 1,
      _moog_retry_count: 0,
      correlation_id: 'bad-1',
    });
    expect(String(entry?._dlq_error)).toContain(`HTTP ${status}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(moog.state.requests).toBe(1);
    expect((await tb.backends.circuit.status({ threshold: 10, openMs: 1000, probeTtlMs: 1000 })).failures).toBe(0);
  });

  it('503 then recovery: retried through mutt:retry:moog and delivered once', async () => {
    moog.state.control({ failNext: 2 }, Date.now());
    await forwarder({ RETRY_MAX_ATTEMPTS: '5' });
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('flaky-1')]);
    await waitFor(
      'delivery after retries',
      () => moog.state.events.length,
      (n) => n === 1,
    );
    expect(moog.state.requests).toBe(3);
    expect(moog.state.events[0]?.event).toMatchObject({ external_id: 'flaky-1' });
  });

  it('always 503 with RETRY_MAX_ATTEMPTS=3: exactly 3 requests, then retry_exhausted', async () => {
    moog.state.control({ status: 503 }, Date.now());
    await forwarder({ RETRY_MAX_ATTEMPTS: '3', CIRCUIT_BREAKER_THRESHOLD: '100' });
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('down-1')]);
    const [entry] = await waitFor(
      'DLQ entry',
      () => dlqEntries(tb.backends, 'moog'),
      (l) => l.length === 1,
    );
    expect(entry).toMatchObject({
      _dlq_reason: 'retry_exhausted',
      _dlq_status_code: 503,
      _dlq_attempts: 3,
      _moog_retry_count: 0,
    });
    expect(moog.state.requests).toBe(3);
  });

  it('429 Retry-After: 2 delays that alert ~2 s while the others flow', async () => {
    moog.state.control({ rules: [{ match: 'slow-one', status: 429, retryAfter: '2', times: 1 }] }, Date.now());
    await forwarder({ RETRY_MAX_DELAY: '10' });
    const t0 = Date.now();
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [
      alert('slow-one'),
      ...Array.from({ length: 10 }, (_, i) => alert(`fast-${i}`)),
    ]);
    await waitFor(
      'fast alerts',
      () => moog.state.events.filter((e) => e.externalId.startsWith('fast-')).length,
      (n) => n === 10,
    );
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(moog.state.events.some((e) => e.externalId === 'slow-one')).toBe(false);
    await waitFor(
      'slow alert',
      () => moog.state.events.find((e) => e.externalId === 'slow-one'),
      (e) => e !== undefined,
      10_000,
    );
    const slow = moog.state.events.find((e) => e.externalId === 'slow-one');
    expect((slow?.receivedAtMs ?? 0) - t0).toBeGreaterThanOrEqual(1900);
    // 429 is throttling, not an outage
    expect((await tb.backends.circuit.status({ threshold: 10, openMs: 1000, probeTtlMs: 1000 })).failures).toBe(0);
  });

  it('malformed JSON is dead-lettered with _raw, not lost', async () => {
    await forwarder();
    await tb.backends.queues.push(tb.backends.keys.alertQueue, ['{not json']);
    const [entry] = await waitFor(
      'DLQ entry',
      () => dlqEntries(tb.backends, 'moog'),
      (l) => l.length === 1,
    );
    expect(entry).toMatchObject({ _raw: '{not json', _dlq_reason: 'invalid_json' });
  });
});
