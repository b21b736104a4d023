import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bucketStamps } from '../../../src/ports/event-counters.js';
import { KEY, NEXT_KEY, queued, requestCount, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.tb.backends.queues.purge(h.tb.backends.keys.ingestQueue);
});

const event = { hostname: 'sw1', message: 'link down', timestamp: '2025-11-10T12:00:00Z', syslog_severity: 3 };

function post(body: string | Buffer, headers: Record<string, string> = {}, url = '/ingest') {
  return h.ingestor.app.inject({ method: 'POST', url, payload: body, headers: { 'x-api-key': KEY, ...headers } });
}

describe('ingest: accepted events', () => {
  it.each(['/ingest', '/api/v2/ingest', '/api/v1/ingest', '//ingest'])(
    'POST %s queues the event with version headers',
    async (url) => {
      const before = await requestCount(h, 'success', '');
      const res = await post(JSON.stringify(event), { 'content-type': 'application/json' }, url);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ status: 'queued', queue_depth: 1 });
      expect(res.headers['x-correlation-id']).toBe(body.correlation_id);
      expect(res.headers['x-api-version']).toBe('v2.5');
      expect(res.headers['x-api-supported-versions']).toBe('v2.5, v2.0, v1.0');
      expect(res.headers['x-api-deprecated']).toBe(url.startsWith('/api/v1') ? 'true' : 'false');
      const [q] = await queued(h);
      expect(q).toEqual({ ...event, correlation_id: body.correlation_id, _correlation_id: body.correlation_id });
      expect(await requestCount(h, 'success', '')).toBe(before + 1);
    },
  );

  it('increments the 1m/1h/24h time buckets by events queued', async () => {
    const s = bucketStamps(new Date());
    const [m0] = await h.tb.backends.eventCounters.read('1m', [s['1m']]);
    const res = await post(JSON.stringify([event, event, event]));
    expect(res.statusCode).toBe(200);
    const [m1] = await h.tb.backends.eventCounters.read('1m', [s['1m']]);
    const [d1] = await h.tb.backends.eventCounters.read('24h', [s['24h']]);
    expect((m1 ?? 0) - (m0 ?? 0)).toBeGreaterThanOrEqual(3);
    expect(d1).toBeGreaterThanOrEqual(3);
  });

  it('accepts the rotation key and any content type, or none', async () => {
    expect((await post(JSON.stringify(event), { 'x-api-key': NEXT_KEY, 'content-type': 'text/plain' })).statusCode).toBe(200);
    const res = await h.ingestor.app.inject({
      method: 'POST',
      url: '/ingest',
      payload: Buffer.from(JSON.stringify(event)),
      headers: { 'x-api-key': KEY },
    });
    expect(res.statusCode).toBe(200);
    expect(await queued(h)).toHaveLength(2);
  });

  it('queues a batch in order and reports rejected elements by index', async () => {
    const batch = [
      { ...event, message: 'first' },
      { hostname: 'sw2' },
      'not an object',
      { ...event, message: 'last', _internal: 'dropped' },
    ];
    const res = await post(JSON.stringify(batch));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'queued', accepted: 2, rejected: 2, queue_depth: 2 });
    expect(body.errors).toEqual([
      { index: 1, code: 'MUTT_INGEST_VALIDATION', message: "Missing required fields: ['message']" },
      { index: 2, code: 'MUTT_INGEST_NOT_AN_OBJECT', message: 'Event must be a JSON object' },
    ]);
    const q = await queued(h);
    expect(q.map((e) => e.message)).toEqual(['first', 'last']);
    expect(q[1]?._internal).toBeUndefined();
    expect(q[0]?.correlation_id).not.toBe(q[1]?.correlation_id);
  });

  it('accepts NDJSON (rsyslog omhttp batches) with a per-line error', async () => {
    const nd = `${JSON.stringify({ ...event, message: 'a' })}\n{broken\n${JSON.stringify({ ...event, message: 'b' })}\n`;
    const res = await post(nd, { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.json().errors[0]).toMatchObject({ index: 1, code: 'MUTT_INGEST_INVALID_JSON' });
    expect((await queued(h)).map((e) => e.message)).toEqual(['a', 'b']);
  });

  it('accepts gzip bodies', async () => {
    const res = await post(gzipSync(JSON.stringify([event, event])), { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.json().accepted).toBe(2);
  });

  it('correlation ids: header for a single body, the event id wins, batches get one each', async () => {
    const a = await post(JSON.stringify(event), { 'x-correlation-id': 'trace-123' });
    expect(a.json().correlation_id).toBe('trace-123');
    expect(a.headers['x-correlation-id']).toBe('trace-123');
    const b = await post(JSON.stringify({ ...event, correlation_id: 'own:id.1' }), { 'x-correlation-id': 'trace-123' });
    expect(b.json().correlation_id).toBe('own:id.1');
    const c = await post(JSON.stringify([event, { ...event, correlation_id: 'mine' }]), { 'x-correlation-id': 'req-cid' });
    expect(c.json().correlation_id).toBe('req-cid');
    const q = await queued(h);
    expect(q.map((e) => e._correlation_id)).toEqual(['trace-123', 'own:id.1', expect.stringMatching(/^[0-9a-f-]{36}$/), 'mine']);
    for (const e of q) expect(e._correlation_id).toBe(e.correlation_id);
  });

  it('fills hostname from the first X-Forwarded-For hop behind a loopback proxy', async () => {
    const res = await post(JSON.stringify({ message: 'm' }), { 'x-forwarded-for': '192.0.2.7, 10.0.0.1' });
    expect(res.statusCode).toBe(200);
    const [e] = await queued(h);
    expect(e?.hostname).toBe('192.0.2.7');
    expect(typeof e?.timestamp).toBe('string');
  });

  it('serves /health, / and /metrics without a key', async () => {
    const health = await h.ingestor.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'healthy', service: 'mutt-ingestor', queue: 'connected' });
    expect(health.headers['x-api-version']).toBe('v2.5');
    expect((await h.ingestor.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    const m = await h.ingestor.app.inject({ method: 'GET', url: '/metrics' });
    expect(m.body).toContain('mutt_ingest_requests_total{status="success",reason=""}');
    expect(m.body).toContain('mutt_ingest_latency_seconds_bucket{le="0.005"}');
    expect(m.body).toContain('mutt_ingest_queue_depth');
    expect((await h.ingestor.app.inject({ method: 'GET', url: '/admin/config' })).statusCode).toBe(401);
    const cfg = await h.ingestor.app.inject({ method: 'GET', url: '/admin/config', headers: { 'x-api-key': KEY } });
    expect(cfg.statusCode).toBe(200);
    expect(cfg.body).not.toContain(KEY);
  });
});
