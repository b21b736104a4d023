// The error catalogue: every error MUTT returns or throws on purpose has a stable code, a status and a message.
// Tests assert on `code`. Services add entries here rather than inventing ad-hoc errors; docs/api.md lists them all
// (a unit test keeps the two in step).

export interface ErrorSpec {
  /** The HTTP status an API answers with; start-up-only codes carry the one an API would use. */
  readonly status: number;
  readonly message: string;
  /** Process exit code when this error ends a CLI command or service start-up; 1 (runtime failure) when absent. */
  readonly exitCode?: number;
}

export const ERRORS = {
  MUTT_AUTH_MISSING_KEY: { status: 401, message: 'Missing API key: send X-API-KEY' },
  MUTT_AUTH_INVALID_KEY: { status: 401, message: 'Invalid API key' },
  MUTT_INGEST_INVALID_JSON: { status: 400, message: 'Body is not valid JSON' },
  MUTT_INGEST_NOT_AN_OBJECT: { status: 400, message: 'Each event must be a JSON object' },
  MUTT_INGEST_EMPTY_BATCH: { status: 400, message: 'Empty batch: send at least one event' },
  MUTT_INGEST_NO_VALID_EVENT: { status: 400, message: 'No valid event in the batch' },
  MUTT_INGEST_VALIDATION: { status: 400, message: 'Event failed validation' },
  MUTT_INGEST_BODY_TOO_LARGE: { status: 413, message: 'Body exceeds INGEST_MAX_BODY_BYTES' },
  MUTT_INGEST_BATCH_TOO_LARGE: { status: 413, message: 'Batch exceeds INGEST_MAX_BATCH_SIZE' },
  MUTT_INGEST_TOO_DEEP: { status: 400, message: 'JSON nesting exceeds INGEST_MAX_JSON_DEPTH' },
  MUTT_INGEST_BAD_ENCODING: { status: 400, message: 'Content-Encoding could not be decoded' },
  MUTT_INGEST_UNSUPPORTED_ENCODING: { status: 415, message: 'Unsupported Content-Encoding (only gzip and identity)' },
  MUTT_INGEST_RATE_LIMITED: { status: 503, message: 'Rate limit exceeded' },
  MUTT_INGEST_QUEUE_FULL: { status: 503, message: 'Ingest queue is full' },
  MUTT_BACKEND_UNAVAILABLE: { status: 503, message: 'Queue back end unavailable' },
  MUTT_HEADER_TOO_LARGE: { status: 431, message: 'Request header fields too large' },
  MUTT_NOT_FOUND: { status: 404, message: 'Not found' },
  MUTT_METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  MUTT_VALIDATION: { status: 400, message: 'Request failed validation' },
  MUTT_CONFLICT: { status: 409, message: 'Conflicts with an existing record' },
  MUTT_STORE_UNAVAILABLE: { status: 503, message: 'Database unavailable' },
  MUTT_PROMETHEUS_UNAVAILABLE: { status: 503, message: 'Prometheus is not configured or not reachable' },
  MUTT_WEBUI_UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  MUTT_WEBUI_BAD_BODY: { status: 400, message: 'Request body must be a JSON object' },
  MUTT_WEBUI_BODY_TOO_LARGE: { status: 413, message: 'Request body too large' },
  MUTT_WEBUI_INVALID_PATTERN: { status: 400, message: 'Invalid regex in match_string' },
  MUTT_RULE_PATTERN_TOO_COSTLY: { status: 400, message: 'Regex in match_string exceeds RULE_REGEX_MAX_PROGRAM_SIZE' },
  MUTT_WEBUI_RULE_TEST_TIMEOUT: { status: 422, message: 'Dry-run exceeded WEBUI_RULE_TEST_BUDGET_MS' },
  MUTT_WEBUI_RULE_TEST_BUSY: { status: 429, message: 'Too many dry-runs in progress; retry shortly' },
  MUTT_WEBUI_RULE_IN_USE: {
    status: 409,
    message: 'Rule is referenced by event audit records; deactivate it (is_active=false) instead',
  },
  MUTT_CONFIG_UNAVAILABLE: { status: 503, message: 'Dynamic configuration not available' },
  MUTT_CONFIG_INVALID_VALUE: { status: 400, message: 'Invalid dynamic configuration value' },
  MUTT_DLQ_REPLAY_FAILED: { status: 409, message: 'DLQ entry could not be replayed' },
  MUTT_INTERNAL: { status: 500, message: 'Internal error' },
  MUTT_DUPLICATE_POD: { status: 409, message: 'Another live process already uses this POD_NAME', exitCode: 78 },
  MUTT_INGEST_UNEXPECTED: { status: 503, message: 'Unexpected ingest failure; retry later' },
  MUTT_INGEST_BAD_REQUEST: { status: 400, message: 'Malformed HTTP request' },
  MUTT_SCHEMA_NOT_CURRENT: { status: 503, message: 'Database schema is not current: run `mutt migrate`' },
  MUTT_VAULT_UNAVAILABLE: { status: 503, message: 'Vault is unreachable' },
  MUTT_VAULT_REQUEST_FAILED: { status: 502, message: 'Vault refused the request' },
  MUTT_VAULT_CREDENTIALS: { status: 500, message: 'Vault credentials are missing or empty' },
  MUTT_SECRET_MISSING: { status: 500, message: 'A required secret was not found' },
  MUTT_CONFIG_INVALID: { status: 500, message: 'Configuration error' },
  MUTT_DATA_DIR_IN_USE: { status: 409, message: 'The embedded data dir is in use by another process' },
  MUTT_USAGE: { status: 400, message: 'Invalid command-line arguments or input', exitCode: 2 },
  MUTT_WEBUI_REQUEST_FAILED: { status: 502, message: "The running stack's Web UI API refused the request" },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class MuttError extends Error {
  readonly status: number;
  readonly exitCode: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message ?? ERRORS[code].message, options);
    const spec: ErrorSpec = ERRORS[code];
    this.status = spec.status;
    this.exitCode = spec.exitCode ?? 1;
    this.name = 'MuttError';
  }
}
