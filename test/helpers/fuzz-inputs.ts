// fast-check arbitraries for hostile HTTP input: bodies for the ingest and management APIs, and query strings for
// every list route. Shared by the pure-function fuzz (unit) and the inject() fuzz (integration, both profiles).
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** Run counts: short in CI, `npm run fuzz` raises them (FUZZ_RUNS for pure functions, FUZZ_HTTP_RUNS for inject). */
export function fuzzRuns(name: 'FUZZ_RUNS' | 'FUZZ_HTTP_RUNS', ciDefault: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : ciDefault;
}

const event = fc.record(
  {
    message: fc.oneof(fc.string(), fc.constant(''), fc.integer(), fc.constant(null)),
    hostname: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null), fc.integer()),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.double(),
      fc.constant(null),
    ),
    correlation_id: fc.oneof(fc.string({ maxLength: 200 }), fc.uuid()),
    _internal: fc.jsonValue({ maxDepth: 2 }),
    extra: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 6000 }), fc.constantFrom('[', '{"a":', '[{"a":'), fc.boolean())
  .map(([n, open, close]) => {
    const body = open.repeat(n);
    if (!close) return body;
    const closer = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
    return `${body}1${closer.repeat(n)}`;
  });

/** Deep nesting alone, or inside an otherwise valid event (where it once reached JSON.stringify). */
const deepBody = fc.oneof(
  deepNesting,
  deepNesting.map((d) => `{"message":"m","hostname":"h","x":${d}}`),
);

const ndjson = fc
  .array(
    fc.oneof(
      event.map((e) => JSON.stringify(e)),
      fc.string(),
      fc.constant(''),
      deepBody,
    ),
    { minLength: 2, maxLength: 40 },
  )
  .map((lines) => lines.join('\n'));

const hugeString = fc
  .tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('a', '\n', ' ', '[', '"', '\\', 'é', '\u2028'))
  .map(([n, c]) => c.repeat(n));

/** Body text (the part that becomes UTF-8 bytes). */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: event.map((e) => JSON.stringify(e)) },
  { weight: 2, arbitrary: fc.array(event, { maxLength: 20 }).map((a) => JSON.stringify(a)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: ndjson },
  { weight: 2, arbitrary: deepBody },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'null',
      '[]',
      '{}',
      '[[]]',
      '\uFEFF',
      '\uFEFF{}',
      '{"message":"\\ud800"}',
      '1e999999',
      '-0',
      '"\u0000"',
    ),
  },
);

export interface HostileBody {
  readonly payload: Buffer;
  readonly headers: Record<string, string>;
}

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/x-ndjson',
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    '',
  ),
  fc.string({ maxLength: 60 }).filter((s) => /^[\x21-\x7e][\x20-\x7e]*$/.test(s)),
);

const invalidUtf8 = fc
  .uint8Array({ maxLength: 400 })
  .map((b) => Buffer.concat([Buffer.from([0xc3, 0x28, 0xe2, 0x82]), Buffer.from(b), Buffer.from([0xff, 0xfe])]));

/** A body with the headers that describe (or misdescribe) it: plain, gzip, gzip garbage, invalid UTF-8. */
export const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(bodyText, contentType)
      .map(([t, ct]): HostileBody => ({ payload: Buffer.from(t, 'utf8'), headers: ct ? { 'content-type': ct } : {} })),
  },
  {
    weight: 2,
    arbitrary: bodyText.map((t) => ({
      payload: gzipSync(t),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('gzip', 'x-gzip', 'GZIP', 'deflate', 'br', 'gzip, gzip', 'identity', ' '),
      )
      .map(([b, enc]) => ({
        payload: Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(b)]),
        headers: { 'content-encoding': enc },
      })),
  },
  {
    weight: 1,
    arbitrary: bodyText.map((t) => ({
      payload: gzipSync(t).subarray(0, Math.max(2, Math.floor(Buffer.byteLength(t) / 3))),
      headers: { 'content-encoding': 'gzip' },
    })),
  },
  { weight: 2, arbitrary: invalidUtf8.map((b) => ({ payload: b, headers: { 'content-type': 'application/json' } })) },
);

const paramValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1.5',
    '1e9',
    'NaN',
    'Infinity',
    '20000000',
    '9'.repeat(400),
    'true',
    'false',
    '2025-13-45',
    '2025-11-10T25:61:00Z',
    '%',
    '%E0%A4%A',
    '%00',
    '[]',
    '{}',
  ),
  fc.base64String({ maxLength: 80 }),
);

const queryKeys = [
  'page',
  'limit',
  'cursor',
  'hostname',
  'rule_id',
  'start_date',
  'end_date',
  'handling_decision',
  'decision',
  'forwarded',
  'correlation_id',
  'changed_by',
  'operation',
  'table_name',
  'record_id',
  'key',
  'reason',
  'enabled',
  'search',
  'api_key',
  'api_version',
  'x',
] as const;

/** A raw query string: known and unknown keys, repeated keys, unencoded and badly encoded values. */
export const queryString: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...queryKeys), paramValue, fc.boolean()), { maxLength: 6 })
  .map((pairs) => pairs.map(([k, v, raw]) => `${k}=${raw ? v.replace(/[#&\s]/g, '') : encodeURIComponent(v)}`).join('&'));

/** Every paginated or filtered GET of the management API. */
export const LIST_ROUTES = [
  '/api/v2/audit-logs',
  '/api/v1/audit-logs',
  '/api/v2/config-audit',
  '/api/v2/audit',
  '/api/v1/audit',
  '/api/v2/config/history',
  '/api/v2/dlq/alerter',
  '/api/v2/dlq/moog',
  '/api/v2/dlq/dead',
  '/api/v2/dlq/old_events',
  '/api/v2/rules',
  '/api/v1/rules',
  '/api/v2/dev-hosts',
  '/api/v2/teams',
  '/api/v2/config',
  '/api/v2/dlq',
] as const;

/** Status codes a hostile request may legitimately get at or above 500: only the documented ingest back-pressure. */
export const ALLOWED_5XX_CODES = new Set(['MUTT_INGEST_RATE_LIMITED', 'MUTT_INGEST_QUEUE_FULL']);
