// Hostile bodies answer 4xx quickly and queue nothing, on both profiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, queued, requestCount, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ DYNAMIC_CONFIG_ENABLED: 'false', INGEST_MAX_BATCH_SIZE: '1000' });
});
afterAll(async () => {
  await h.close();
});

function post(payload: string, headers: Record<string, string> = {}) {
  return h.ingestor.app.inject({ method: 'POST', url: '/api/v2/ingest', payload, headers: { 'x-api-key': KEY, ...headers } });
}

describe('hostile ingest bodies', () => {
  it('5,000 nested arrays (about 10 KB) → 400 MUTT_INGEST_TOO_DEEP naming INGEST_MAX_JSON_DEPTH', async () => {
    const res = await post('['.repeat(5000) + ']'.repeat(5000));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 'error', error: { code: 'MUTT_INGEST_TOO_DEEP' } });
    expect(res.json().message).toContain('INGEST_MAX_JSON_DEPTH (32)');
  });

  it('a valid event carrying a 5,000-deep field → 400, not 503 "retry"', async () => {
    const res = await post(`{"hostname":"h","message":"m","a":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MUTT_INGEST_TOO_DEEP');
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('5 MiB of NDJSON lines past INGEST_MAX_BATCH_SIZE → 413 without splitting the body', async () => {
    const res = await post('{"message":"m"}\n'.repeat(1001) + '\n'.repeat(5 * 1024 * 1024 - 20_000));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('MUTT_INGEST_BATCH_TOO_LARGE');
    expect(res.json().message).toContain('more than 1000');
  });

  it('a hostname holding NUL → 400 naming hostname (the audit insert of the whole batch would fail)', async () => {
    const res = await post(JSON.stringify({ hostname: 'sw1\u0000', message: 'm' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MUTT_INGEST_VALIDATION');
    expect(res.json().message).toContain("'hostname'");
  });

  it('nothing hostile was queued and every refusal is counted as a client failure', async () => {
    expect(await queued(h)).toHaveLength(0);
    expect(await requestCount(h, 'fail', 'json')).toBe(2);
    expect(await requestCount(h, 'fail', 'unknown')).toBe(0);
  });
});
