import { DEFAULT_SHED_THRESHOLD } from '../../core/backpressure-defaults.js';
import { bool, int, num, oneOf, port } from '../define.js';

const s = 'remediation' as const;

export const remediationVars = {
  remediationHealthPort: port('REMEDIATION_HEALTH_PORT', 8087, {
    section: s,
    aliases: ['HEALTH_PORT_REMEDIATION'],
    description: 'Remediation /health (and /metrics).',
  }),
  remediationMetricsPort: port('REMEDIATION_METRICS_PORT', 8086, {
    section: s,
    aliases: ['METRICS_PORT_REMEDIATION'],
    description: 'Remediation /metrics (and /health).',
  }),
  remediationEnabled: bool('REMEDIATION_ENABLED', true, {
    section: s,
    description: 'false: the service stays up and healthy but replays nothing.',
  }),
  remediationInterval: num('REMEDIATION_INTERVAL', 300, {
    section: s,
    min: 0.05,
    description:
      'Pause, seconds, when no DLQ has entries or Moogsoft is unhealthy. While a DLQ has entries and Moogsoft is healthy, batches follow each other without this pause (paced by REMEDIATION_REPLAY_RATE).',
  }),
  remediationBatchSize: int('REMEDIATION_BATCH_SIZE', 10, {
    section: s,
    min: 1,
    max: 1000,
    description:
      'Entries replayed per DLQ per batch; a `mutt:dlq:moog` batch is added only while the alert queue holds fewer than this many alerts (headroom for live traffic).',
  }),
  remediationMaxRetries: int('REMEDIATION_MAX_RETRIES', 3, {
    section: s,
    aliases: ['MAX_POISON_RETRIES'],
    min: 0,
    max: 100,
    description: 'Replays allowed (`_remediation_attempts`) before an entry goes to mutt:dlq:dead.',
  }),
  remediationReplayRate: int('REMEDIATION_REPLAY_RATE', 500, {
    section: s,
    min: 1,
    description:
      'Max entries replayed per second across all remediation pods (shared limiter `mutt:rate_limit:remediation`). Replayed alerts still pass the shared Moog rate limit in the forwarder; this bounds how fast a DLQ refills the alert queue (15,000 alerts in 30 s).',
  }),
  remediationAlerterDlqEnabled: bool('REMEDIATION_ALERTER_DLQ_ENABLED', true, {
    section: s,
    description: 'Also replay mutt:dlq:alerter into the ingest queue.',
  }),
  remediationShedThreshold: int('REMEDIATION_SHED_THRESHOLD', DEFAULT_SHED_THRESHOLD, {
    section: s,
    aliases: ['ALERTER_QUEUE_SHED_THRESHOLD'],
    min: 1,
    description:
      'mutt:dlq:alerter replays only while the ingest depth is below this. Same default as ALERTER_QUEUE_SHED_THRESHOLD (read as an alias when this is unset); the dynamic key alerter_queue_shed_threshold wins for both.',
  }),
  moogHealthCheckEnabled: bool('MOOG_HEALTH_CHECK_ENABLED', true, {
    section: s,
    description: 'false: assume Moogsoft is healthy.',
  }),
  moogHealthTimeout: num('MOOG_HEALTH_TIMEOUT', 5, {
    section: s,
    min: 0.1,
    description: 'Seconds for the HEAD probe of MOOG_WEBHOOK_URL (same client, TLS options and auth as delivery).',
  }),
  moogHealthCheckMethod: oneOf('MOOG_HEALTH_CHECK_METHOD', ['head'], 'head', {
    section: s,
    caseInsensitive: true,
    description: 'Probe method; only HEAD (a probe never posts a fake event).',
  }),
};
