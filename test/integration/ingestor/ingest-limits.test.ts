import { afterEach, describe, expect, it } from 'vitest';
import { KEY, queued, requestCount, startHarness, type Harness } from './helpers.js';

const event = JSON.stringify({ hostname: 'sw1', message: 'ok', timestamp: '2025-11-10T12:00:00Z' });
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function post(hh: Harness, body = event) {
  return hh.ingestor.app.inject({ method: 'POST', url: '/ingest', payload: body, headers: { 'x-api-key': KEY } });
}

describe('ingest limits', () => {
  it('rate limit: the third request in the window gets 503 + Retry-After and moves the rate_limit series', async () => {
    h = await startHarness({
      INGEST_RATE_LIMIT_ENABLED: 'true',
      INGEST_MAX_RATE: '2',
      INGEST_RATE_WINDOW: '60',
      DYNAMIC_CONFIG_ENABLED: 'false',
    });
    expect((await post(h)).statusCode).toBe(200);
    expect((await post(h)).statusCode).toBe(200);
    const res = await post(h);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.json()).toMatchObject({ status: 'error', retry_after: 60, error: { code: 'MUTT_INGEST_RATE_LIMITED' } });
    expect(await requestCount(h, 'fail', 'rate_limit')).toBe(1);
    const metrics = await h.ingestor.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('mutt_ingest_requests_total{status="fail",reason="rate_limit"} 1');
    expect(metrics.body).toContain('mutt_ingest_rate_limit_hits_total 1');
    expect(await queued(h)).toHaveLength(2);
  });

  it('rate limit status 429 when INGEST_RATE_LIMIT_STATUS=429', async () => {
    h = await startHarness({
      INGEST_RATE_LIMIT_ENABLED: 'true',
      INGEST_MAX_RATE: '1',
      INGEST_RATE_LIMIT_STATUS: '429',
      DYNAMIC_CONFIG_ENABLED: 'false',
    });
    expect((await post(h)).statusCode).toBe(200);
    const res = await post(h);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('dynamic ingest_max_rate overrides the static limit', async () => {
    h = await startHarness({ INGEST_RATE_LIMIT_ENABLED: 'true', INGEST_MAX_RATE: '1000', DYNAMIC_CONFIG_ENABLED: 'true' });
    await h.tb.backends.configStore.set('ingest_max_rate', '1', { publish: true });
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) status = (await post(h)).statusCode;
    expect(status).toBe(503);
  });

  it('queue full: depth == cap → 503 + Retry-After, nothing queued; cap-1 is accepted', async () => {
    h = await startHarness({ INGEST_QUEUE_CAP: '1000', DYNAMIC_CONFIG_ENABLED: 'false' });
    const q = h.tb.backends.keys.ingestQueue;
    await h.tb.backends.queues.push(
      q,
      Array.from({ length: 999 }, (_, i) => JSON.stringify({ n: i })),
    );
    const ok = await post(h);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().queue_depth).toBe(1000);
    const full = await post(h, JSON.stringify([JSON.parse(event), JSON.parse(event)]));
    expect(full.statusCode).toBe(503);
    expect(full.headers['retry-after']).toBeDefined();
    expect(full.json()).toMatchObject({ error: { code: 'MUTT_INGEST_QUEUE_FULL' }, queue_depth: 1000, queue_limit: 1000 });
    expect(await requestCount(h, 'fail', 'queue_full')).toBe(2);
    expect(await h.tb.backends.queues.depth(q)).toBe(1000);
    const metrics = await h.ingestor.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('mutt_ingest_queue_depth 1000');
  });
});
