// inject() fuzz of the real ingest and web UI apps on this profile's back ends: generated bodies, headers, paths and
// query strings never get a 5xx (apart from the documented ingest back-pressure 503s) and never crash the process.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_5XX_CODES, fuzzRuns, hostileBody, LIST_ROUTES, queryString } from '../../helpers/fuzz-inputs.js';
import { KEY, startHarness as startIngest, type Harness } from '../ingestor/helpers.js';
import { API_KEY, sampleRule, startHarness as startWebui, type WebuiHarness } from '../webui/harness.js';

const RUNS = fuzzRuns('FUZZ_HTTP_RUNS', 300);
const TIMEOUT = 120_000 + RUNS * 20;

let ingest: Harness;
let webui: WebuiHarness;
const statuses = new Map<number, number>();

beforeAll(async () => {
  ingest = await startIngest({ DYNAMIC_CONFIG_ENABLED: 'false', INGEST_QUEUE_CAP: '1000' });
  webui = await startWebui();
  const rule = (await webui.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'fuzz-seed' })).json().id as number;
  await webui.tb.backends.store.insertEventAudit(
    Array.from({ length: 120 }, (_, i) => ({
      event_timestamp: new Date(Date.UTC(2025, 10, 10) + i * 1000),
      hostname: `h${i % 7}`,
      matched_rule_id: rule,
      handling_decision: 'Ignore',
      forwarded_to_moog: i % 2 === 0,
      raw_message: '{"message":"seed"}',
      correlation_id: `seed-${i}`,
    })),
  );
});
afterAll(async () => {
  await ingest?.close();
  await webui?.close();
});

/** The one assertion of this file: below 500, or a documented 503 with its code. */
function expectNoServerError(res: LightMyRequestResponse, what: string): void {
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode < 500) return;
  let code: unknown;
  try {
    code = (res.json() as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  expect(
    res.statusCode === 503 && ALLOWED_5XX_CODES.has(String(code)),
    `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`,
  ).toBe(true);
}

const apiKey = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>(undefined) },
  fc.constant(''),
  fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
);
const headerish = fc.string({ maxLength: 150 }).filter((s) => /^[\x21-\x7e]*$/.test(s));
const pathSegment = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('1', '0', '-1', '99999999999', 'a'.repeat(256)),
);

describe('fuzz: HTTP apps via inject()', () => {
  it(
    `${RUNS} hostile ingest requests: no 5xx but the documented back-pressure 503s`,
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          hostileBody,
          fc.constantFrom('/ingest', '/api/v2/ingest', '/api/v1/ingest'),
          fc.option(queryString, { nil: undefined }),
          apiKey,
          fc.option(headerish, { nil: undefined }),
          fc.option(headerish, { nil: undefined }),
          async ({ payload, headers }, path, qs, key, cid, xff) => {
            // Keep the queue below its cap most of the time so accepted events keep exercising the push.
            if (++n % 500 === 0) await ingest.tb.backends.queues.purge(ingest.tb.backends.keys.ingestQueue);
            const res = await ingest.ingestor.app.inject({
              method: 'POST',
              url: qs ? `${path}?${qs}` : path,
              payload,
              headers: {
                ...headers,
                'x-api-key': key ?? KEY,
                ...(cid ? { 'x-correlation-id': cid } : {}),
                ...(xff ? { 'x-forwarded-for': xff } : {}),
              },
            });
            expectNoServerError(res, `POST ${path} ${payload.subarray(0, 80).toString('latin1')}`);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `${RUNS} query strings on every list route of the management API: no 5xx`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...LIST_ROUTES), queryString, async (route, qs) => {
          const res = await webui.app.inject({ method: 'GET', url: `${route}?${qs}`, headers: { 'x-api-key': API_KEY } });
          expectNoServerError(res, `GET ${route}?${qs}`);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `${RUNS} hostile bodies and path parameters on the management API's writes: no 5xx`,
    async () => {
      const target = fc.oneof(
        fc.constantFrom(
          'POST /api/v2/rules',
          'POST /api/v2/dev-hosts',
          'POST /api/v2/teams',
          'PUT /api/v2/rules/1',
          'PUT /api/v1/rules/1',
        ),
        pathSegment.map((s) => `PUT /api/v2/teams/${encodeURIComponent(s)}`),
        pathSegment.map((s) => `DELETE /api/v2/dev-hosts/${encodeURIComponent(s)}`),
        pathSegment.map((s) => `PUT /api/v2/config/${encodeURIComponent(s)}`),
        pathSegment.map((s) => `GET /api/v2/rules/${encodeURIComponent(s)}`),
      );
      await fc.assert(
        fc.asyncProperty(target, hostileBody, async (t, { payload, headers }) => {
          const [method, url] = t.split(' ') as ['POST' | 'PUT' | 'DELETE' | 'GET', string];
          const res = await webui.app.inject({
            method,
            url,
            payload: method === 'GET' ? undefined : payload,
            headers: { ...headers, 'x-api-key': API_KEY },
          });
          expectNoServerError(res, `${t} ${payload.subarray(0, 80).toString('latin1')}`);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('the apps still answer after the fuzz (nothing wedged)', async () => {
    expect((await ingest.ingestor.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await webui.call('GET', '/api/v2/audit-logs?limit=1')).statusCode).toBe(200);
    console.info(`fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  });
});
