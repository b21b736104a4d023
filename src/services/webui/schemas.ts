// JSON schemas the routes validate with (fastify/ajv) and OpenAPI documents. Kept `as const`: the handlers'
// request types are derived from them (schema-types.ts), so there is no hand-written twin to drift.
import type { FromSchema } from './schema-types.js';

const nullableString = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;
const OID_PATTERN = '^\\.?[0-9]+(\\.[0-9]+)*(\\.\\*|\\*)?$';
const INT32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 } as const;

const ruleProperties = {
  rule_name: nullableString(100),
  pattern: nullableString(255),
  match_string: { ...nullableString(255), description: 'REF name of `pattern` (accepted on input, returned on v1).' },
  trap_oid: {
    type: ['string', 'null'],
    maxLength: 255,
    pattern: OID_PATTERN,
    description: 'Dotted numeric OID, optional leading `.` and trailing `.*`.',
  },
  syslog_severity: { type: ['integer', 'null'], minimum: 0, maximum: 7 },
  match_type: { type: 'string', enum: ['contains', 'regex', 'oid_prefix'] },
  priority: INT32,
  prod_handling: { type: 'string', minLength: 1, maxLength: 100 },
  dev_handling: { type: 'string', minLength: 1, maxLength: 100 },
  team_assignment: { type: 'string', minLength: 1, maxLength: 100 },
  enabled: { type: 'boolean' },
  is_active: { type: 'boolean', description: 'REF name of `enabled`.' },
  reason: { type: 'string', maxLength: 10000 },
} as const;

export const ruleCreateBody = {
  type: 'object',
  required: ['prod_handling', 'dev_handling', 'team_assignment'],
  properties: ruleProperties,
} as const;

export const ruleUpdateBody = { type: 'object', properties: ruleProperties } as const;

/** A rule as the API accepts it (every field optional: creation requires some, checked by ruleCreateBody). */
export type RuleBody = FromSchema<typeof ruleUpdateBody>;

export const ruleIdParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$' } } } as const;

export const HOSTNAME_MAX_LENGTH = 255;
/** Router limit on one raw path parameter: 255 characters of up to 3 UTF-8 bytes, each percent-encoded as 3 characters. */
export const MAX_PATH_PARAM_LENGTH = HOSTNAME_MAX_LENGTH * 9;
export const hostnameParams = {
  type: 'object',
  properties: { hostname: { type: 'string', minLength: 1, maxLength: HOSTNAME_MAX_LENGTH } },
} as const;

export const devHostBody = {
  type: 'object',
  required: ['hostname'],
  properties: { hostname: { type: 'string', maxLength: 1000 }, reason: { type: 'string', maxLength: 10000 } },
} as const;

export const teamCreateBody = {
  type: 'object',
  required: ['hostname', 'team_assignment'],
  properties: {
    hostname: { type: 'string', maxLength: 1000 },
    team_assignment: { type: 'string', maxLength: 1000 },
    reason: { type: 'string', maxLength: 10000 },
  },
} as const;

export const teamUpdateBody = {
  type: 'object',
  required: ['team_assignment'],
  properties: { team_assignment: { type: 'string', maxLength: 1000 }, reason: { type: 'string', maxLength: 10000 } },
} as const;

export const reasonBody = { type: ['object', 'null'], properties: { reason: { type: 'string', maxLength: 10000 } } } as const;

const pageProps = {
  page: { type: 'string', description: 'Page number (default 1; values < 1 become 1; non-numeric → default).' },
  limit: { type: 'string', description: 'Rows per page (default AUDIT_LOG_PAGE_SIZE, clamped 1..200).' },
} as const;
const cursorProp = {
  type: 'string',
  maxLength: 64,
  description:
    'Keyset pagination: the `next_cursor` of the previous answer, with the same filters (page is then 1). Deep pages cost the same as page 1.',
} as const;
const dateProp = { type: 'string', maxLength: 40, description: 'ISO 8601 date or date-time (UTC when no offset).' } as const;

export const pageQuery = { type: 'object', properties: pageProps } as const;
export type PageQueryText = FromSchema<typeof pageQuery>;

export const auditLogsQuery = {
  type: 'object',
  properties: {
    ...pageProps,
    cursor: cursorProp,
    hostname: { type: 'string', maxLength: 255 },
    rule_id: { type: 'string', pattern: '^[0-9]{0,10}$' },
    start_date: dateProp,
    end_date: dateProp,
    handling_decision: { type: 'string', maxLength: 100 },
    decision: { type: 'string', maxLength: 100, description: 'Alias of handling_decision.' },
    forwarded: { type: 'string', enum: ['', 'true', 'false'] },
    correlation_id: { type: 'string', maxLength: 128 },
  },
} as const;
export type AuditLogsQueryText = FromSchema<typeof auditLogsQuery>;

export const configAuditQuery = {
  type: 'object',
  properties: {
    ...pageProps,
    cursor: cursorProp,
    changed_by: { type: 'string', maxLength: 100 },
    operation: { type: 'string', maxLength: 10 },
    table_name: { type: 'string', maxLength: 50 },
    record_id: { type: 'string', pattern: '^[0-9]{0,10}$' },
    start_date: dateProp,
    end_date: dateProp,
  },
} as const;
export type ConfigAuditQueryText = FromSchema<typeof configAuditQuery>;

export const configKeyParams = { type: 'object', properties: { key: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

export const configPutBody = {
  type: 'object',
  required: ['value'],
  properties: {
    value: { type: ['string', 'number', 'boolean'] },
    reason: { type: 'string', maxLength: 10000 },
    force: { type: 'boolean' },
  },
} as const;

export const ruleTestBody = {
  type: 'object',
  properties: {
    // Sized so a realistic dry-run stays under 1 s: 500 bench rules x 5,000 rows cost 366 ms of CPU in a cold
    // worker (validate, compile both sets, decide every row twice). WEBUI_RULE_TEST_BUDGET_MS bounds the rest.
    rules: {
      type: 'array',
      maxItems: 500,
      items: { type: 'object', properties: { id: { type: 'integer' }, ...ruleProperties } },
    },
    rule: { type: 'object', properties: { id: { type: 'integer' }, ...ruleProperties } },
    event: { type: 'object' },
    last: { type: 'integer', minimum: 1, maximum: 5000 },
    start_date: dateProp,
    end_date: dateProp,
    examples: { type: 'integer', minimum: 0, maximum: 100 },
  },
} as const;

export const dlqNameParams = {
  type: 'object',
  properties: { name: { type: 'string', enum: ['alerter', 'moog', 'dead', 'old_events'] } },
} as const;

export const dlqBrowseQuery = {
  type: 'object',
  properties: { ...pageProps, reason: { type: 'string', maxLength: 50 } },
} as const;

export const dlqActionBody = {
  type: 'object',
  properties: {
    entries: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', maxLength: 1048576 },
      description: 'Exact entry bodies to act on (as listed).',
    },
    all: { type: 'boolean', description: 'Act on every entry (purge only; replay is capped at 1000 per call).' },
    confirm: { type: 'boolean', description: 'Must be true: the UI asks before bulk actions.' },
    edited_body: { type: 'object', description: 'Replacement object for a `_raw` entry (single-entry replay).' },
  },
} as const;
