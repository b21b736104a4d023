import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY, queued, requestCount, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ INGEST_MAX_BATCH_SIZE: '5' });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.tb.backends.queues.purge(h.tb.backends.keys.ingestQueue);
});

const event = { hostname: 'sw1', message: 'ok', timestamp: '2025-11-10T12:00:00Z' };

function post(body: string | Buffer, headers: Record<string, string> = {}) {
  return h.ingestor.app.inject({ method: 'POST', url: '/ingest', payload: body, headers: { 'x-api-key': KEY, ...headers } });
}

interface Case {
  readonly name: string;
  readonly body: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  readonly mentions: string;
}

const tenMiB = Buffer.alloc(10 * 1024 * 1024, 0x20);
const cases: Case[] = [
  {
    name: 'malformed JSON',
    body: '{"message": "x",',
    status: 400,
    code: 'MUTT_INGEST_INVALID_JSON',
    reason: 'json',
    mentions: 'Invalid JSON',
  },
  {
    name: 'empty body',
    body: '',
    status: 400,
    code: 'MUTT_INGEST_INVALID_JSON',
    reason: 'json',
    mentions: 'Empty or null payload',
  },
  {
    name: 'wrong type (string)',
    body: '"hello"',
    status: 400,
    code: 'MUTT_INGEST_NOT_AN_OBJECT',
    reason: 'json',
    mentions: 'JSON object',
  },
  {
    name: 'missing message',
    body: '{"hostname":"h"}',
    status: 400,
    code: 'MUTT_INGEST_VALIDATION',
    reason: 'validation',
    mentions: "'message'",
  },
  {
    name: 'message not a string',
    body: '{"message":{"a":1}}',
    status: 400,
    code: 'MUTT_INGEST_VALIDATION',
    reason: 'validation',
    mentions: "'message'",
  },
  {
    name: 'hostname too long',
    body: JSON.stringify({ message: 'm', hostname: 'h'.repeat(300) }),
    status: 400,
    code: 'MUTT_INGEST_VALIDATION',
    reason: 'validation',
    mentions: "'hostname'",
  },
  {
    name: 'bad timestamp',
    body: '{"message":"m","timestamp":"soon"}',
    status: 400,
    code: 'MUTT_INGEST_VALIDATION',
    reason: 'validation',
    mentions: "'timestamp'",
  },
  {
    name: 'empty array',
    body: '[]',
    status: 400,
    code: 'MUTT_INGEST_EMPTY_BATCH',
    reason: 'validation',
    mentions: 'Empty batch',
  },
  {
    name: 'batch with no valid element',
    body: '[{"x":1},2]',
    status: 400,
    code: 'MUTT_INGEST_NO_VALID_EVENT',
    reason: 'validation',
    mentions: 'No valid events',
  },
  {
    name: 'batch over INGEST_MAX_BATCH_SIZE',
    body: JSON.stringify(Array(6).fill(event)),
    status: 413,
    code: 'MUTT_INGEST_BATCH_TOO_LARGE',
    reason: 'validation',
    mentions: 'INGEST_MAX_BATCH_SIZE',
  },
  {
    name: '10 MB body',
    body: tenMiB,
    status: 413,
    code: 'MUTT_INGEST_BODY_TOO_LARGE',
    reason: 'validation',
    mentions: 'INGEST_MAX_BODY_BYTES',
  },
  {
    name: 'gzip bomb',
    body: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
    headers: { 'content-encoding': 'gzip' },
    status: 413,
    code: 'MUTT_INGEST_BODY_TOO_LARGE',
    reason: 'validation',
    mentions: 'decompressed',
  },
  {
    name: 'corrupt gzip',
    body: Buffer.from('not gzip at all'),
    headers: { 'content-encoding': 'gzip' },
    status: 400,
    code: 'MUTT_INGEST_BAD_ENCODING',
    reason: 'json',
    mentions: 'gzip',
  },
  {
    name: 'unknown encoding',
    body: '{}',
    headers: { 'content-encoding': 'br' },
    status: 415,
    code: 'MUTT_INGEST_UNSUPPORTED_ENCODING',
    reason: 'json',
    mentions: 'Content-Encoding',
  },
];

describe('ingest: every bad input is a 4xx JSON error naming the problem', () => {
  it.each(cases)('$name → $status $code', async (c) => {
    // Something already queued must survive the bad request.
    expect((await post(JSON.stringify({ ...event, message: 'survivor' }))).statusCode).toBe(200);
    const before = await requestCount(h, 'fail', c.reason);
    const res = await post(c.body, c.headers);
    expect(res.statusCode).toBe(c.status);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(body.status).toBe('error');
    expect(body.error.code).toBe(c.code);
    expect(body.message).toContain(c.mentions);
    expect(typeof body.correlation_id).toBe('string');
    expect(await requestCount(h, 'fail', c.reason)).toBeGreaterThan(before);
    const q = await queued(h);
    expect(q.map((e) => e.message)).toEqual(['survivor']);
  });

  it('wrong or absent key → 401 with reason auth; nothing queued', async () => {
    const before = await requestCount(h, 'fail', 'auth');
    const none = await h.ingestor.app.inject({ method: 'POST', url: '/ingest', payload: JSON.stringify(event) });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('MUTT_AUTH_MISSING_KEY');
    const wrong = await post(JSON.stringify(event), { 'x-api-key': 'nope-é' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('MUTT_AUTH_INVALID_KEY');
    const unknownPath = await h.ingestor.app.inject({ method: 'GET', url: '/secret-admin' });
    expect(unknownPath.statusCode).toBe(401);
    expect(await requestCount(h, 'fail', 'auth')).toBe(before + 3);
    expect(await queued(h)).toEqual([]);
  });

  it('with a key: unknown path → 404 JSON, wrong method → 405 JSON', async () => {
    const nf = await h.ingestor.app.inject({ method: 'GET', url: '/nope', headers: { 'x-api-key': KEY } });
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error.code).toBe('MUTT_NOT_FOUND');
    const na = await h.ingestor.app.inject({ method: 'GET', url: '/ingest', headers: { 'x-api-key': KEY } });
    expect(na.statusCode).toBe(405);
    expect(na.json().error.code).toBe('MUTT_METHOD_NOT_ALLOWED');
  });

  it('a lying Content-Length is a 400, not a 500', async () => {
    const res = await h.ingestor.app.inject({
      method: 'POST',
      url: '/ingest',
      payload: '{"message":"m"}',
      headers: { 'x-api-key': KEY, 'content-length': '3' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().status).toBe('error');
  });

  it('rejected requests are timed by the latency histogram', async () => {
    const text = await h.ingestor.metrics.registry.getSingleMetricAsString('mutt_ingest_latency_seconds');
    const count = Number(/mutt_ingest_latency_seconds_count (\d+)/.exec(text)?.[1] ?? '0');
    expect(count).toBeGreaterThan(cases.length);
  });
});
