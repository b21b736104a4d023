import { bool, int, num, oneOf, optStr, port, secret, str } from '../define.js';

const s = 'forwarder' as const;

// Canonical names are the guide's; Python MUTT names are aliases (docs/decisions.md D18).
export const forwarderVars = {
  forwarderHealthPort: port('MOOG_FORWARDER_HEALTH_PORT', 8082, {
    section: s,
    aliases: ['HEALTH_PORT_MOOG', 'SERVER_PORT_MOOG_FORWARDER'],
    description: 'Forwarder /health (and /metrics).',
  }),
  forwarderMetricsPort: port('MOOG_FORWARDER_METRICS_PORT', 9092, {
    section: s,
    aliases: ['METRICS_PORT_MOOG'],
    description: 'Forwarder /metrics (and /health).',
  }),
  moogWebhookUrl: optStr('MOOG_WEBHOOK_URL', {
    section: s,
    description: 'Moogsoft REST LAM / webhook endpoint. Required by the forwarder; also probed (HEAD) by remediation.',
  }),
  moogApiKey: secret('MOOG_API_KEY', {
    section: s,
    description: 'Moogsoft credential (also `MOOG_API_KEY_FILE`; Vault key of the same name). `basic` mode: `user:password`.',
  }),
  moogAuthType: oneOf('MOOG_AUTH_TYPE', ['bearer', 'basic', 'header', 'none'], 'bearer', {
    section: s,
    caseInsensitive: true,
    description:
      'How MOOG_API_KEY is sent: `Authorization: Bearer`, HTTP Basic, a custom header (MOOG_AUTH_HEADER) or not at all.',
  }),
  moogAuthHeader: str('MOOG_AUTH_HEADER', 'apiKey', { section: s, description: 'Header name for MOOG_AUTH_TYPE=header.' }),
  moogTimeout: num('MOOG_TIMEOUT', 10, {
    section: s,
    aliases: ['MOOG_WEBHOOK_TIMEOUT'],
    min: 0.1,
    description: 'Total deadline of one Moogsoft request, seconds.',
  }),
  moogTlsVerify: bool('MOOG_TLS_VERIFY', true, { section: s, description: 'Verify the Moogsoft TLS certificate.' }),
  moogCaCertPath: optStr('MOOG_CA_CERT_PATH', { section: s, description: 'Extra CA bundle (PEM) for Moogsoft TLS.' }),
  moogSignatureTemplate: optStr('MOOG_SIGNATURE_TEMPLATE', {
    section: s,
    description:
      'Moog `signature` template with `{field}` placeholders (e.g. `{hostname}::{rule_name}`). Default `<hostname>::<rule_name or rule_id>`; meta-alerts `MUTT_Alerter::unhandled:<source_hostname>:<unhandled_signature>`.',
  }),
  moogRateLimitEnabled: bool('MOOG_RATE_LIMIT_ENABLED', true, {
    section: s,
    aliases: ['RATE_LIMIT_ENABLED'],
    description: 'Shared Moog rate limit on/off.',
  }),
  moogRateLimitMax: int('RATE_LIMIT_MAX_REQUESTS', 100, {
    section: s,
    aliases: ['MOOG_RATE_LIMIT'],
    min: 1,
    description: 'Moog requests allowed per window, across all forwarders.',
  }),
  moogRateLimitWindow: num('RATE_LIMIT_WINDOW_SECONDS', 60, {
    section: s,
    aliases: ['MOOG_RATE_PERIOD'],
    min: 0.001,
    description: 'Moog rate-limit window, seconds.',
  }),
  moogRateLimitKey: str('RATE_LIMIT_KEY', 'moog', {
    section: s,
    aliases: ['MOOG_RATE_LIMIT_KEY'],
    description: 'Rate-limit name: the key is `mutt:rate_limit:<name>` (a full `mutt:rate_limit:x` value is accepted).',
  }),
  retryMaxAttempts: int('RETRY_MAX_ATTEMPTS', 5, {
    section: s,
    aliases: ['MOOG_MAX_RETRIES'],
    min: 1,
    description: 'Total delivery attempts including the first; then mutt:dlq:moog (retry_exhausted).',
  }),
  retryInitialDelay: num('RETRY_INITIAL_DELAY', 1, {
    section: s,
    aliases: ['MOOG_RETRY_BASE_DELAY'],
    min: 0,
    description: 'Backoff before the 2nd attempt, seconds.',
  }),
  retryMaxDelay: num('RETRY_MAX_DELAY', 60, {
    section: s,
    aliases: ['MOOG_RETRY_MAX_DELAY'],
    min: 0,
    description: 'Backoff cap, seconds (also caps Retry-After).',
  }),
  retryBackoffMultiplier: num('RETRY_BACKOFF_MULTIPLIER', 2, { section: s, min: 1, description: 'Backoff growth factor.' }),
  retryJitter: oneOf('RETRY_JITTER', ['full', 'equal', 'none'], 'full', {
    section: s,
    caseInsensitive: true,
    description: 'Backoff jitter.',
  }),
  circuitBreakerEnabled: bool('CIRCUIT_BREAKER_ENABLED', true, { section: s, description: 'Shared Moogsoft circuit breaker.' }),
  circuitBreakerThreshold: int('CIRCUIT_BREAKER_THRESHOLD', 10, {
    section: s,
    min: 1,
    description: 'Retryable failures of distinct messages that open the breaker (429 excluded).',
  }),
  circuitBreakerTimeout: num('CIRCUIT_BREAKER_TIMEOUT', 300, {
    section: s,
    min: 0.1,
    description: 'Seconds the breaker stays OPEN before one half-open probe.',
  }),
  circuitBreakerResetOnStart: bool('CIRCUIT_BREAKER_RESET_ON_START', true, {
    section: s,
    description: 'A forwarder that starts and finds Moog healthy (HEAD probe) closes the breaker.',
  }),
  forwarderConcurrency: int('FORWARDER_CONCURRENCY', 32, {
    section: s,
    aliases: ['MOOG_CONCURRENCY'],
    min: 1,
    max: 1024,
    description: 'Concurrent Moog requests per forwarder process.',
  }),
  forwarderBatchSize: int('FORWARDER_BATCH_SIZE', 64, {
    section: s,
    min: 1,
    max: 1000,
    description: 'Alerts claimed per round trip.',
  }),
  forwarderClaimWait: num('BRPOPLPUSH_TIMEOUT', 5, {
    section: s,
    aliases: ['FORWARDER_CLAIM_WAIT'],
    min: 0.01,
    description: 'Seconds a claim blocks waiting for alerts.',
  }),
  moogJanitorInterval: int('MOOG_JANITOR_INTERVAL', 60, {
    section: s,
    min: 1,
    description: 'Seconds between forwarder janitor sweeps.',
  }),
};
