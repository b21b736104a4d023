// Dashboard data (metrics, overview), DLQ browse/replay/purge and the SLO endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqEntry, dlqRawEntry } from '../../../src/core/dlq-entry.js';
import { startHarness, type WebuiHarness } from './harness.js';

let h: WebuiHarness;
let prom: Server;
let promUrl = '';
let promValue = '0.999';
let health: Server;
let healthUrl = '';

beforeAll(async () => {
  prom = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const latency = decodeURIComponent(req.url ?? '').includes('histogram_quantile');
    res.end(JSON.stringify({ status: 'success', data: { result: [{ value: [0, latency ? '0.1' : promValue] }] } }));
  });
  health = createServer((_req, res) => res.end('{"status":"healthy"}'));
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => health.listen(0, '127.0.0.1', r));
  promUrl = `http://127.0.0.1:${(prom.address() as AddressInfo).port}`;
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/health`;
  h = await startHarness(
    {
      prometheusRetryMs: 10,
      healthTargets: [
        { service: 'ingestor', url: healthUrl },
        { service: 'alerter', url: 'http://127.0.0.1:9/health' },
      ],
    },
    { PROMETHEUS_URL: promUrl, METRICS_CACHE_TTL: '5' },
  );
});
afterAll(async () => {
  await h?.close();
  prom?.close();
  health?.close();
});

describe('metrics and overview', () => {
  it('summarises ingest buckets and caches the result', async () => {
    const k = h.tb.backends.keys;
    await h.tb.backends.eventCounters.pushCounted(
      k.ingestQueue,
      Array.from({ length: 120 }, (_, i) => `{"message":"m${i}"}`),
      1_000_000,
      new Date(),
    );
    const m = await h.call('GET', '/api/v2/metrics');
    expect(m.statusCode).toBe(200);
    const body = m.json();
    expect(body.summary.current_rate_1m).toBe(120);
    expect(body.summary.avg_rate_15m).toBe(8);
    expect(body.chart_24h.labels).toHaveLength(24);
    expect(body.chart_24h.data).toHaveLength(24);
    expect(body.chart_24h.data[23]).toBe(2);
    await h.tb.backends.eventCounters.pushCounted(k.ingestQueue, ['{"message":"late"}'], 1_000_000, new Date());
    expect((await h.call('GET', '/api/v1/metrics')).json()).toEqual(body);
    const metricsText = (await h.app.inject({ url: '/metrics' })).body;
    expect(metricsText).toMatch(/mutt_webui_api_requests_total\{endpoint="metrics",status="success_cached"\} 1/);
    // The guide: `curl -s http://localhost:8090/metrics | grep -i pool`.
    expect(metricsText).toMatch(/^mutt_db_pool_connections\{service="mutt-webui",state="max"\} \d+$/m);
    expect(metricsText).toMatch(/^mutt_db_pool_connections\{service="mutt-webui",state="in_use"\} \d+$/m);
  });

  it('reports queue depths, breaker state and service health', async () => {
    const o = (await h.call('GET', '/api/v2/overview')).json();
    expect(o.queues.ingest).toBeGreaterThanOrEqual(121);
    expect(o.queues).toHaveProperty('dlq_moog', 0);
    expect(o.circuit_breaker.state).toBe('CLOSED');
    const byName = Object.fromEntries(o.services.map((s: { service: string; status: string }) => [s.service, s.status]));
    expect(byName).toMatchObject({ webui: 'healthy', ingestor: 'healthy', alerter: 'down' });
    expect(o.rates).toHaveProperty('ingested_per_sec');
  });
});

describe('DLQ browser', () => {
  it('lists with reasons, filters, replays to the source queue and purges after confirmation', async () => {
    const { queues, keys } = h.tb.backends;
    const moog = keys.dlq('moog');
    const a = JSON.stringify(
      dlqEntry(
        { hostname: 'r1', message: 'a', correlation_id: 'c-a' },
        { reason: 'circuit_open', source: 'moog_forwarder', pod: 'p1' },
      ),
    );
    const b = JSON.stringify(
      dlqEntry(
        { hostname: 'r2', message: 'b' },
        { reason: 'non_retryable', source: 'moog_forwarder', pod: 'p1', statusCode: 422 },
      ),
    );
    const raw = JSON.stringify(dlqRawEntry('{broken', { reason: 'invalid_json', source: 'alerter', pod: 'p2' }));
    await queues.push(moog, [a, b, raw]);
    const list = (await h.call('GET', '/api/v2/dlq/moog')).json();
    expect(list.depth).toBe(3);
    expect(list.entries.map((e: { reason: string }) => e.reason).sort()).toEqual([
      'circuit_open',
      'invalid_json',
      'non_retryable',
    ]);
    expect((await h.call('GET', '/api/v2/dlq/moog?reason=non_retryable')).json().entries[0]).toMatchObject({
      status_code: 422,
      hostname: 'r2',
    });
    expect((await h.call('GET', '/api/v2/dlq/nope')).statusCode).toBe(400);
    expect((await h.call('POST', '/api/v2/dlq/moog/replay', { entries: [a] })).statusCode).toBe(400);
    const alertBefore = await queues.depth(keys.alertQueue);
    const rep = await h.call('POST', '/api/v2/dlq/moog/replay', { entries: [a], confirm: true });
    expect(rep.statusCode).toBe(200);
    expect(rep.json()).toMatchObject({ replayed: 1, failed: 0 });
    expect(await queues.depth(keys.alertQueue)).toBe(alertBefore + 1);
    const replayed = JSON.parse((await queues.range(keys.alertQueue, 0, 0))[0] as string);
    expect(replayed).toMatchObject({ hostname: 'r1', correlation_id: 'c-a' });
    expect(Object.keys(replayed).some((k) => k.startsWith('_dlq_'))).toBe(false);
    const rawRep = await h.call('POST', '/api/v2/dlq/moog/replay', { entries: [raw], confirm: true });
    expect(rawRep.statusCode).toBe(409);
    expect(rawRep.json().error).toContain('edited body');
    const edited = await h.call('POST', '/api/v2/dlq/moog/replay', {
      entries: [raw],
      confirm: true,
      edited_body: { message: 'fixed', hostname: 'r3' },
    });
    expect(edited.json().replayed).toBe(1);
    expect((await h.call('POST', '/api/v2/dlq/moog/purge', { all: true })).statusCode).toBe(400);
    expect((await h.call('POST', '/api/v2/dlq/moog/purge', { all: true, confirm: true })).json().purged).toBe(1);
    expect((await h.call('GET', '/api/v2/dlq')).json().queues.find((q: { name: string }) => q.name === 'moog').depth).toBe(0);
    // Each replay and purge is audited like `mutt dlq` (table_name 'dlq').
    const audit = await h.tb.backends.store.queryConfigAudit({ page: 1, limit: 50, tableName: 'dlq' });
    expect(audit.items.map((r) => r.operation).sort()).toEqual(['DELETE', 'UPDATE', 'UPDATE']);
  });
});

describe('SLO', () => {
  it('computes SLOs from Prometheus and reports both response shapes', async () => {
    const ok = (await h.call('GET', '/api/v2/slo')).json();
    expect(ok.slos).toHaveLength(6);
    expect(ok.components.ingestor.state).toBe('ok');
    promValue = '0.98';
    const bad = (await h.call('GET', '/api/v2/slo')).json();
    expect(bad.components.ingestor.state).toBe('critical');
    expect(bad.slos[0].metric_query).toContain('[24h]');
  });

  it('answers 503 honestly when Prometheus is unreachable or not configured', async () => {
    const down = await startHarness({ prometheusRetryMs: 1 }, { PROMETHEUS_URL: 'http://127.0.0.1:9' });
    try {
      const r = await down.call('GET', '/api/v2/slo');
      expect(r.statusCode).toBe(503);
      expect(r.json().error).toContain('not reachable');
    } finally {
      await down.close();
    }
    const unset = await startHarness();
    try {
      const r = await unset.call('GET', '/api/v2/slo');
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'MUTT_PROMETHEUS_UNAVAILABLE' });
      expect(r.json().error).toContain('PROMETHEUS_URL is not set');
    } finally {
      await unset.close();
    }
  });
});
