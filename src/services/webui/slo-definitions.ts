// SLO definitions. Queries are written with `[5m]`, replaced by `[<window>h]` before running.
export interface SloDefinition {
  readonly name: string;
  readonly description: string;
  readonly kind: 'availability' | 'latency';
  /** Availability target (0..1) or latency target in seconds. */
  readonly target: number;
  readonly query: string;
  readonly windowHours: number;
  /** Burn-rate thresholds (availability) or latency bounds in seconds (latency). */
  readonly warning: number;
  readonly critical: number;
}

export const DEFAULT_SLOS: readonly SloDefinition[] = [
  {
    name: 'ingestor_availability',
    description: 'Share of ingest requests that succeed',
    kind: 'availability',
    target: 0.999,
    windowHours: 24,
    warning: 5,
    critical: 10,
    query: 'sum(rate(mutt_ingest_requests_total{status="success"}[5m])) / sum(rate(mutt_ingest_requests_total[5m]))',
  },
  {
    name: 'ingestor_latency_p99',
    description: 'p99 ingest latency',
    kind: 'latency',
    target: 0.5,
    windowHours: 24,
    warning: 0.75,
    critical: 1.0,
    query: 'histogram_quantile(0.99, sum(rate(mutt_ingest_latency_seconds_bucket[5m])) by (le))',
  },
  {
    name: 'forwarder_availability',
    description: 'Share of Moogsoft deliveries that succeed',
    kind: 'availability',
    target: 0.995,
    windowHours: 24,
    warning: 5,
    critical: 10,
    query: 'sum(rate(mutt_moog_requests_total{status="success"}[5m])) / sum(rate(mutt_moog_requests_total[5m]))',
  },
  {
    name: 'forwarder_latency_p99',
    description: 'p99 Moogsoft request latency',
    kind: 'latency',
    target: 2.0,
    windowHours: 24,
    warning: 3.0,
    critical: 5.0,
    query: 'histogram_quantile(0.99, sum(rate(mutt_moog_request_latency_seconds_bucket[5m])) by (le))',
  },
  {
    name: 'alerter_processing_success',
    description: 'Events processed without poison/error',
    kind: 'availability',
    target: 0.999,
    windowHours: 24,
    warning: 5,
    critical: 10,
    query:
      '1 - (sum(rate(mutt_alerter_events_processed_total{status=~"poison|error"}[5m])) / sum(rate(mutt_alerter_events_processed_total[5m])))',
  },
  {
    name: 'alerter_cache_reload_success',
    description: 'Rule cache reloads that succeed',
    kind: 'availability',
    target: 0.99,
    windowHours: 24,
    warning: 5,
    critical: 10,
    query:
      'sum(increase(mutt_alerter_cache_reload_latency_seconds_count[5m])) / (sum(increase(mutt_alerter_cache_reload_latency_seconds_count[5m])) + sum(increase(mutt_alerter_cache_reload_failures_total[5m])))',
  },
];

export type SloStatus = 'ok' | 'breaching' | 'warning' | 'critical';

const r2 = (n: number): number => Math.round(n * 100) / 100;

/** Pure evaluation of one SLO against a value (null = no data). */
export interface SloEvaluation {
  readonly target?: number;
  readonly target_seconds?: number;
  readonly actual_value: number | null;
  readonly burn_rate: number | null;
  readonly error_budget_remaining: number | null;
  readonly status: SloStatus;
  readonly message: string;
}

export function evaluateSlo(d: SloDefinition, value: number | null): SloEvaluation {
  const targetField = d.kind === 'availability' ? { target: d.target } : { target_seconds: d.target };
  if (value === null) {
    return {
      ...targetField,
      actual_value: null,
      burn_rate: null,
      error_budget_remaining: null,
      status: 'critical',
      message: 'No data from Prometheus',
    };
  }
  if (d.kind === 'latency') {
    const status: SloStatus =
      value >= d.critical ? 'critical' : value >= d.warning ? 'warning' : value > d.target ? 'breaching' : 'ok';
    const message =
      status === 'critical'
        ? `Critical latency (${value.toFixed(3)}s > ${d.critical.toFixed(3)}s)`
        : status === 'warning'
          ? `Warning latency (${value.toFixed(3)}s > ${d.warning.toFixed(3)}s)`
          : status === 'breaching'
            ? 'Above target latency'
            : 'Within target latency';
    return { ...targetField, actual_value: value, burn_rate: null, error_budget_remaining: null, status, message };
  }
  const budget = Math.max(0, 1 - d.target);
  const err = Math.max(0, 1 - value);
  const burn = budget > 0 ? err / budget : 0;
  const remaining = 1 - d.target > 0 ? (value - d.target) / (1 - d.target) : 1;
  const status: SloStatus =
    burn >= d.critical ? 'critical' : burn >= d.warning ? 'warning' : value < d.target ? 'breaching' : 'ok';
  const message =
    status === 'critical'
      ? `Critical burn rate (${burn.toFixed(2)}x target)`
      : status === 'warning'
        ? `Warning burn rate (${burn.toFixed(2)}x target)`
        : status === 'breaching'
          ? 'Below target'
          : 'Within target';
  return { ...targetField, actual_value: value, burn_rate: r2(burn), error_budget_remaining: r2(remaining), status, message };
}
