import { bool, int, list, oneOf, port, secret, str } from '../define.js';

export const ingestorVars = {
  ingestorHost: str('INGESTOR_HOST', '0.0.0.0', { section: 'ingestor', description: 'Bind address.' }),
  ingestorPort: port('INGESTOR_PORT', 8080, {
    section: 'ingestor',
    aliases: ['SERVER_PORT_INGESTOR'],
    description: 'Ingest API, /health and /metrics.',
  }),
  ingestorMetricsPort: port('INGESTOR_METRICS_PORT', 9090, {
    section: 'ingestor',
    aliases: ['METRICS_PORT'],
    description: 'Dedicated /metrics (and /health) listener.',
  }),
  ingestorWorkers: int('INGESTOR_WORKERS', 1, {
    section: 'ingestor',
    min: 1,
    max: 64,
    description: 'Worker processes for `mutt ingestor` (same as `--workers`).',
  }),
  ingestApiKey: secret('INGEST_API_KEY', {
    section: 'ingestor',
    aliases: ['INGEST_API_KEY_CURRENT'],
    description: 'Ingest X-API-KEY (also `INGEST_API_KEY_FILE`, Vault key `INGEST_API_KEY`). Embedded profile generates one.',
  }),
  ingestApiKeyNext: secret('INGEST_API_KEY_NEXT', {
    section: 'ingestor',
    description: 'Second accepted ingest key during rotation.',
  }),
  ingestQueueName: str('INGEST_QUEUE_NAME', 'mutt:ingest_queue', { section: 'ingestor', description: 'Ingest queue list key.' }),
  ingestQueueCap: int('INGEST_QUEUE_CAP', 1000000, {
    section: 'ingestor',
    aliases: ['MAX_INGEST_QUEUE_SIZE'],
    min: 1000,
    description: 'Backpressure cap: at this depth ingest answers 503.',
  }),
  metricsPrefix: str('METRICS_PREFIX', 'mutt:metrics', {
    section: 'ingestor',
    description: 'Prefix of the time-bucket event counters.',
  }),
  requiredFields: list('REQUIRED_MESSAGE_FIELDS', ['message'], {
    section: 'ingestor',
    aliases: ['REQUIRED_FIELDS'],
    description: 'Fields every event must carry (after hostname/timestamp fallbacks).',
  }),
  ingestRateLimitEnabled: bool('INGEST_RATE_LIMIT_ENABLED', true, {
    section: 'ingestor',
    aliases: ['RATE_LIMIT_ENABLED'],
    description:
      'Global ingest rate limit on/off. RATE_LIMIT_ENABLED (shared with the forwarder in mutt.env) is read when this is unset.',
  }),
  ingestMaxRate: int('INGEST_MAX_RATE', 1000, {
    section: 'ingestor',
    min: 1,
    description: 'Requests per window, shared by every ingestor.',
  }),
  ingestRateWindow: int('INGEST_RATE_WINDOW', 60, { section: 'ingestor', min: 1, description: 'Rate-limit window, seconds.' }),
  ingestRateLimitKey: str('INGEST_RATE_LIMIT_KEY', 'mutt:rate_limit:ingestor', {
    section: 'ingestor',
    description: 'Rate-limit key.',
  }),
  ingestRateLimitStatus: oneOf('INGEST_RATE_LIMIT_STATUS', ['503', '429'], '503', {
    section: 'ingestor',
    description: 'Status code when rate limited.',
  }),
  ingestMaxBodyBytes: int('INGEST_MAX_BODY_BYTES', 5242880, {
    section: 'ingestor',
    min: 1024,
    description: 'Largest accepted body (after gzip), bytes; 413 above.',
  }),
  ingestMaxBatchSize: int('INGEST_MAX_BATCH_SIZE', 1000, {
    section: 'ingestor',
    min: 1,
    description: 'Most events per request; 413 above.',
  }),
  ingestMaxJsonDepth: int('INGEST_MAX_JSON_DEPTH', 32, {
    section: 'ingestor',
    min: 2,
    max: 1000,
    description:
      'Deepest array/object nesting accepted in a body (a batch array counts as one level); 400 MUTT_INGEST_TOO_DEEP above.',
  }),
};
