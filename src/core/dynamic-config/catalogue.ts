// The known dynamic-config keys: type, default, range and reader. One table drives
// validation for the API and the CLI, the `config init` seeder and the dashboard's editor.
import { DEFAULT_SHED_THRESHOLD } from '../backpressure-defaults.js';
import { UNHANDLED_MAX_SIGNATURES_DEFAULT, UNHANDLED_MAX_SIGNATURES_LIMIT } from '../unhandled-defaults.js';

export type ConfigKeyType = 'int' | 'float' | 'bool' | 'enum' | 'string';
export type ConfigReader = 'ingestor' | 'alerter' | 'forwarder' | 'remediation' | 'webui' | 'retention';

export interface ConfigKeyDef {
  readonly key: string;
  readonly type: ConfigKeyType;
  /** Stored form of the default (values are strings in `mutt:config:<key>`). */
  readonly default: string;
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound for floats such as burn rates (`v > 0`). */
  readonly minExclusive?: boolean;
  readonly values?: readonly string[];
  readonly reader: ConfigReader;
  readonly when: 'live' | 'start';
  /** Canonical env name first, then Python MUTT aliases (docs/decisions.md D18). */
  readonly env: readonly string[];
  readonly description: string;
  /** Deprecated spelling that readers consult when this key is absent. */
  readonly aliases?: readonly string[];
}

const k = (d: ConfigKeyDef): ConfigKeyDef => d;

const BASE: readonly ConfigKeyDef[] = [
  k({
    key: 'max_ingest_queue_size',
    type: 'int',
    default: '1000000',
    min: 1000,
    reader: 'ingestor',
    when: 'live',
    env: ['INGEST_QUEUE_CAP', 'MAX_INGEST_QUEUE_SIZE'],
    description: 'Ingest queue cap; at or above it the ingestor answers 503 queue_full.',
  }),
  k({
    key: 'ingest_max_rate',
    type: 'int',
    default: '1000',
    min: 1,
    reader: 'ingestor',
    when: 'live',
    env: ['INGEST_MAX_RATE'],
    description: 'Accepted requests per rate window.',
  }),
  k({
    key: 'ingest_rate_window',
    type: 'int',
    default: '60',
    min: 1,
    reader: 'ingestor',
    when: 'live',
    env: ['INGEST_RATE_WINDOW'],
    description: 'Rate-limit window, seconds.',
  }),
  k({
    key: 'cache_reload_interval',
    type: 'int',
    default: '300',
    min: 10,
    max: 86400,
    reader: 'alerter',
    when: 'live',
    env: ['RULE_CACHE_TTL', 'CACHE_RELOAD_INTERVAL'],
    aliases: ['rule_cache_ttl', 'alerter_cache_reload_interval'],
    description: 'Seconds between rule/host/team cache reloads.',
  }),
  k({
    key: 'unhandled_threshold',
    type: 'int',
    default: '100',
    reader: 'alerter',
    when: 'live',
    env: ['UNHANDLED_THRESHOLD'],
    description: 'Unhandled events per signature before a meta-alert.',
  }),
  k({
    key: 'unhandled_expiry_seconds',
    type: 'int',
    default: '86400',
    min: 1,
    reader: 'alerter',
    when: 'live',
    env: ['UNHANDLED_EXPIRY_SECONDS'],
    description: 'TTL of unhandled counters, seconds.',
  }),
  k({
    key: 'unhandled_max_signatures',
    type: 'int',
    default: String(UNHANDLED_MAX_SIGNATURES_DEFAULT),
    min: 1,
    max: UNHANDLED_MAX_SIGNATURES_LIMIT,
    reader: 'alerter',
    when: 'live',
    env: ['UNHANDLED_MAX_SIGNATURES'],
    description: 'Live unhandled signatures tracked at most; new ones past it are counted as overflow, without a meta-alert.',
  }),
  k({
    key: 'alerter_queue_warn_threshold',
    type: 'int',
    default: '1000',
    min: 0,
    reader: 'alerter',
    when: 'live',
    env: ['ALERTER_QUEUE_WARN_THRESHOLD'],
    description: 'Ingest depth that logs a backpressure warning.',
  }),
  k({
    key: 'alerter_queue_shed_threshold',
    type: 'int',
    default: String(DEFAULT_SHED_THRESHOLD),
    min: 0,
    reader: 'alerter',
    when: 'live',
    env: ['ALERTER_QUEUE_SHED_THRESHOLD'],
    description: 'Ingest depth above which the alerter sheds or defers.',
  }),
  k({
    key: 'alerter_shed_mode',
    type: 'enum',
    default: 'dlq',
    values: ['dlq', 'defer', 'none'],
    reader: 'alerter',
    when: 'live',
    env: ['ALERTER_SHED_MODE'],
    description: 'What to do above the shed threshold.',
  }),
  k({
    key: 'alerter_defer_sleep_ms',
    type: 'int',
    default: '250',
    min: 0,
    max: 60000,
    reader: 'alerter',
    when: 'live',
    env: ['ALERTER_DEFER_SLEEP_MS'],
    description: 'Pause per loop in defer mode, ms.',
  }),
  k({
    key: 'moog_rate_limit',
    type: 'int',
    default: '100',
    min: 1,
    reader: 'forwarder',
    when: 'live',
    env: ['RATE_LIMIT_MAX_REQUESTS', 'MOOG_RATE_LIMIT'],
    description: 'Moog requests per rate period (shared by all forwarders).',
  }),
  k({
    key: 'moog_rate_period',
    type: 'float',
    default: '60',
    min: 0.001,
    reader: 'forwarder',
    when: 'live',
    env: ['RATE_LIMIT_WINDOW_SECONDS', 'MOOG_RATE_PERIOD'],
    description: 'Moog rate window, seconds.',
  }),
  k({
    key: 'circuit_breaker_threshold',
    type: 'int',
    default: '10',
    min: 1,
    reader: 'forwarder',
    when: 'live',
    env: ['CIRCUIT_BREAKER_THRESHOLD'],
    description: 'Retryable failures that open the breaker.',
  }),
  k({
    key: 'circuit_breaker_timeout',
    type: 'float',
    default: '300',
    min: 0.1,
    reader: 'forwarder',
    when: 'live',
    env: ['CIRCUIT_BREAKER_TIMEOUT'],
    aliases: ['moog_circuit_breaker_timeout'],
    description: 'Seconds the breaker stays open.',
  }),
  k({
    key: 'remediation_enabled',
    type: 'bool',
    default: 'true',
    reader: 'remediation',
    when: 'live',
    env: ['REMEDIATION_ENABLED'],
    description: 'Remediation skips replay cycles while false.',
  }),
  k({
    key: 'remediation_interval',
    type: 'float',
    default: '300',
    min: 0.05,
    reader: 'remediation',
    when: 'live',
    env: ['REMEDIATION_INTERVAL'],
    description: 'Pause, seconds, when no DLQ has entries or Moogsoft is unhealthy.',
  }),
  k({
    key: 'remediation_batch_size',
    type: 'int',
    default: '10',
    min: 1,
    max: 1000,
    reader: 'remediation',
    when: 'live',
    env: ['REMEDIATION_BATCH_SIZE'],
    description: 'DLQ entries replayed per batch.',
  }),
  k({
    key: 'max_poison_retries',
    type: 'int',
    default: '3',
    min: 0,
    max: 100,
    reader: 'remediation',
    when: 'live',
    env: ['REMEDIATION_MAX_RETRIES', 'MAX_POISON_RETRIES'],
    description: 'Replay attempts before an entry moves to mutt:dlq:dead.',
  }),
  k({
    key: 'event_retention_days',
    type: 'int',
    default: '90',
    min: 1,
    reader: 'retention',
    when: 'start',
    env: ['EVENT_RETENTION_DAYS'],
    description: 'Days event audit rows are kept.',
  }),
  k({
    key: 'event_archive_retention_years',
    type: 'int',
    default: '7',
    min: 1,
    reader: 'retention',
    when: 'start',
    env: ['EVENT_ARCHIVE_RETENTION_YEARS'],
    description: 'Years archived event rows are kept.',
  }),
  k({
    key: 'config_audit_retention_days',
    type: 'int',
    default: '365',
    min: 1,
    reader: 'retention',
    when: 'start',
    env: ['CONFIG_AUDIT_RETENTION_DAYS', 'RETENTION_AUDIT_DAYS'],
    description: 'Days config audit rows are kept.',
  }),
  k({
    key: 'retention_enforcement_enabled',
    type: 'bool',
    default: 'true',
    reader: 'retention',
    when: 'start',
    env: ['RETENTION_ENFORCEMENT_ENABLED', 'RETENTION_ENABLED'],
    description: 'Run retention at all.',
  }),
  k({
    key: 'webui_cache_ttl',
    type: 'int',
    default: '5',
    reader: 'webui',
    when: 'live',
    env: ['METRICS_CACHE_TTL'],
    description: 'Live override of METRICS_CACHE_TTL for the metrics API.',
  }),
  k({
    key: 'slo_window_hours',
    type: 'int',
    default: '24',
    min: 1,
    max: 720,
    reader: 'webui',
    when: 'live',
    env: [],
    description: 'Global SLO window fallback, hours.',
  }),
  k({
    key: 'slo_burn_rate_warning',
    type: 'float',
    default: '5',
    min: 0,
    minExclusive: true,
    reader: 'webui',
    when: 'live',
    env: [],
    description: 'Global burn-rate warning fallback.',
  }),
  k({
    key: 'slo_burn_rate_critical',
    type: 'float',
    default: '10',
    min: 0,
    minExclusive: true,
    reader: 'webui',
    when: 'live',
    env: [],
    description: 'Global burn-rate critical fallback.',
  }),
  k({
    key: 'slo_ingest_success_target',
    type: 'float',
    default: '0.999',
    min: 0,
    max: 1,
    minExclusive: true,
    reader: 'webui',
    when: 'live',
    env: [],
    description: 'Alias target for ingestor_availability.',
  }),
  k({
    key: 'slo_forward_success_target',
    type: 'float',
    default: '0.995',
    min: 0,
    max: 1,
    minExclusive: true,
    reader: 'webui',
    when: 'live',
    env: [],
    description: 'Alias target for forwarder_availability.',
  }),
];

export const AVAILABILITY_SLOS = [
  'ingestor_availability',
  'forwarder_availability',
  'alerter_processing_success',
  'alerter_cache_reload_success',
] as const;
export const LATENCY_SLOS = { ingestor_latency_p99: [0.75, 1.0], forwarder_latency_p99: [3.0, 5.0] } as const;

function sloKeys(): ConfigKeyDef[] {
  const out: ConfigKeyDef[] = [];
  const common = { reader: 'webui', when: 'live', env: [] } as const;
  for (const slo of [...AVAILABILITY_SLOS, ...Object.keys(LATENCY_SLOS)]) {
    out.push(
      k({
        key: `slo_${slo}_window_hours`,
        type: 'int',
        default: '24',
        min: 1,
        max: 720,
        ...common,
        description: `SLO window for ${slo}, hours.`,
      }),
    );
  }
  for (const slo of AVAILABILITY_SLOS) {
    out.push(
      k({
        key: `slo_${slo}_burn_rate_warning`,
        type: 'float',
        default: '5',
        min: 0,
        minExclusive: true,
        ...common,
        description: `Warning burn rate for ${slo}.`,
      }),
    );
    out.push(
      k({
        key: `slo_${slo}_burn_rate_critical`,
        type: 'float',
        default: '10',
        min: 0,
        minExclusive: true,
        ...common,
        description: `Critical burn rate for ${slo}.`,
      }),
    );
  }
  for (const [slo, [warn, crit]] of Object.entries(LATENCY_SLOS)) {
    out.push(
      k({
        key: `slo_${slo}_upper_bound_warning`,
        type: 'float',
        default: String(warn),
        min: 0,
        minExclusive: true,
        ...common,
        description: `Warning latency bound for ${slo}, seconds.`,
      }),
    );
    out.push(
      k({
        key: `slo_${slo}_upper_bound_critical`,
        type: 'float',
        default: String(crit),
        min: 0,
        minExclusive: true,
        ...common,
        description: `Critical latency bound for ${slo}, seconds.`,
      }),
    );
  }
  return out;
}

export const CONFIG_CATALOGUE: readonly ConfigKeyDef[] = [...BASE, ...sloKeys()];

const BY_KEY = new Map(CONFIG_CATALOGUE.map((d) => [d.key, d]));

export function configKeyDef(key: string): ConfigKeyDef | undefined {
  return BY_KEY.get(key);
}
