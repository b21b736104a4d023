import { DEFAULT_SHED_THRESHOLD } from '../../core/backpressure-defaults.js';
import { UNHANDLED_MAX_SIGNATURES_DEFAULT, UNHANDLED_MAX_SIGNATURES_LIMIT } from '../../core/unhandled-defaults.js';
import { int, num, oneOf, port, str } from '../define.js';

// Heartbeat interval/TTL and JANITOR_INTERVAL are shared worker settings in general.ts; queue and DLQ key names
// come from the keys module (INGEST_QUEUE_NAME in ingestor.ts).
export const alerterVars = {
  alerterHealthPort: port('ALERTER_HEALTH_PORT', 8081, {
    section: 'alerter',
    aliases: ['HEALTH_PORT_ALERTER', 'SERVER_PORT_ALERTER'],
    description: 'Alerter /health (and /metrics).',
  }),
  alerterMetricsPort: port('ALERTER_METRICS_PORT', 9091, {
    section: 'alerter',
    aliases: ['METRICS_PORT_ALERTER'],
    description: 'Alerter /metrics (and /health).',
  }),
  alerterBatchSize: int('ALERTER_BATCH_SIZE', 200, {
    section: 'alerter',
    min: 1,
    max: 10000,
    description: 'Events claimed per round trip; their audit rows go in one INSERT.',
  }),
  alerterMaxRetries: int('ALERTER_MAX_RETRIES', 3, {
    section: 'alerter',
    aliases: ['POISON_MESSAGE_MAX_RETRIES'],
    min: 0,
    description: 'Failed attempts before an event goes to mutt:dlq:alerter (poison when _retry_count > value).',
  }),
  alerterClaimTimeout: num('ALERTER_BRPOPLPUSH_TIMEOUT', 5, {
    section: 'alerter',
    aliases: ['BRPOPLPUSH_TIMEOUT'],
    min: 0.05,
    max: 60,
    description: 'Seconds an alerter claim waits for the first event (BRPOPLPUSH_TIMEOUT is shared with the forwarder).',
  }),
  ruleCacheTtl: int('RULE_CACHE_TTL', 300, {
    section: 'alerter',
    aliases: ['CACHE_RELOAD_INTERVAL'],
    min: 10,
    max: 86400,
    description:
      'Seconds between rule-cache reloads (also reloaded on SIGHUP and mutt:rules:updates). Dynamic key cache_reload_interval overrides.',
  }),
  ruleRegexMaxProgramSize: int('RULE_REGEX_MAX_PROGRAM_SIZE', 300, {
    section: 'alerter',
    min: 10,
    max: 100000,
    description:
      'Largest compiled RE2 program (instructions) a regex rule may have: the API, `mutt rules test` and dry-runs answer 400 MUTT_RULE_PATTERN_TOO_COSTLY above it, and the alerter skips such a rule at load with an ERROR. Bounds the per-event cost of one rule (see docs/hardening.md).',
  }),
  unhandledThreshold: int('UNHANDLED_THRESHOLD', 100, {
    section: 'alerter',
    description:
      'Unhandled events with one signature (host + normalised message) that raise one meta-alert per window; <= 0 disables. Dynamic key unhandled_threshold overrides.',
  }),
  unhandledExpirySeconds: int('UNHANDLED_EXPIRY_SECONDS', 86400, {
    section: 'alerter',
    aliases: ['UNHANDLED_WINDOW', 'UNHANDLED_TTL'],
    min: 1,
    description: 'Unhandled counter window (TTL), seconds. Dynamic key unhandled_expiry_seconds overrides.',
  }),
  unhandledMaxSignatures: int('UNHANDLED_MAX_SIGNATURES', UNHANDLED_MAX_SIGNATURES_DEFAULT, {
    section: 'alerter',
    min: 1,
    max: UNHANDLED_MAX_SIGNATURES_LIMIT,
    description:
      'Cap on live unhandled signatures (mutt:unhandled:* counters and :triggered markers, all hosts). Past it, events with a new signature are counted in mutt_alerter_unhandled_overflow_total and raise no meta-alert. Dynamic key unhandled_max_signatures overrides.',
  }),
  unhandledDefaultTeam: str('UNHANDLED_DEFAULT_TEAM', 'NETO', {
    section: 'alerter',
    description: 'Team of meta-alerts for hosts without a device_teams row.',
  }),
  alerterQueueWarnThreshold: int('ALERTER_QUEUE_WARN_THRESHOLD', 1000, {
    section: 'alerter',
    min: 0,
    description: 'Ingest depth that logs a backpressure warning (dynamic key alerter_queue_warn_threshold wins).',
  }),
  alerterQueueShedThreshold: int('ALERTER_QUEUE_SHED_THRESHOLD', DEFAULT_SHED_THRESHOLD, {
    section: 'alerter',
    min: 0,
    description:
      "Ingest depth above which the alerter sheds or defers (dynamic key alerter_queue_shed_threshold wins). The default is about 5 s of one alerter pod's measured throughput, so a burst it clears within seconds is never shed (docs/hardening.md).",
  }),
  alerterShedMode: oneOf('ALERTER_SHED_MODE', ['dlq', 'defer', 'none'], 'dlq', {
    section: 'alerter',
    caseInsensitive: true,
    description:
      'Backpressure action: dlq (oldest events to mutt:dlq:alerter), defer (sleep), none (dynamic key alerter_shed_mode wins).',
  }),
  alerterDeferSleepMs: int('ALERTER_DEFER_SLEEP_MS', 250, {
    section: 'alerter',
    min: 0,
    max: 60000,
    description: 'Sleep per loop in defer mode (dynamic key alerter_defer_sleep_ms wins).',
  }),
  alerterMaxMessageBytes: int('ALERTER_MAX_MESSAGE_BYTES', 1048576, {
    section: 'alerter',
    min: 1024,
    description: 'Larger queued events are dead-lettered as too_large.',
  }),
};
