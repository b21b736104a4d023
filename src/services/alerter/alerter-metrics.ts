// Every alerter metric, with the guide's names and labels (docs/decisions.md D19), on the alerter's own registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export function createAlerterMetrics(registry: Registry) {
  const r = [registry];
  return {
    eventsProcessed: new Counter({
      name: 'mutt_alerter_events_processed_total',
      help: 'Events processed by outcome',
      labelNames: ['status'] as const,
      registers: r,
    }),
    alertsForwarded: new Counter({
      name: 'mutt_alerter_alerts_forwarded_total',
      help: 'Alerts pushed to the alert queue (handled + meta)',
      registers: r,
    }),
    metaAlerts: new Counter({
      name: 'mutt_alerter_unhandled_meta_alerts_total',
      help: 'Unhandled meta-alerts raised',
      registers: r,
    }),
    unhandledOverflow: new Counter({
      name: 'mutt_alerter_unhandled_overflow_total',
      help: 'Unhandled events with a new signature past unhandled_max_signatures (not tracked, no meta-alert)',
      registers: r,
    }),
    processingLatency: new Histogram({
      name: 'mutt_alerter_processing_latency_seconds',
      help: 'From claim to the end of the handled/unhandled path',
      registers: r,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    cacheReloadLatency: new Histogram({
      name: 'mutt_alerter_cache_reload_latency_seconds',
      help: 'Successful rule-cache reloads',
      registers: r,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    }),
    cacheRules: new Gauge({ name: 'mutt_alerter_cache_rules_count', help: 'Enabled rules in the cache', registers: r }),
    cacheDevHosts: new Gauge({ name: 'mutt_alerter_cache_dev_hosts_count', help: 'Dev hosts in the cache', registers: r }),
    cacheTeams: new Gauge({ name: 'mutt_alerter_cache_teams_count', help: 'Device teams in the cache', registers: r }),
    dbWriteLatency: new Histogram({
      name: 'mutt_db_write_latency_ms',
      help: 'Audit batch insert latency (ms)',
      registers: r,
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    }),
    cacheReloadFailures: new Counter({
      name: 'mutt_alerter_cache_reload_failures_total',
      help: 'Failed rule-cache reloads',
      registers: r,
    }),
    cacheReloads: new Counter({ name: 'mutt_alerter_cache_reload_total', help: 'Rule-cache reload attempts', registers: r }),
    dlqDepth: new Gauge({ name: 'mutt_alerter_dlq_depth', help: 'Depth of mutt:dlq:alerter', registers: r }),
    processingListDepth: new Gauge({
      name: 'mutt_alerter_processing_list_depth',
      help: "Depth of this pod's processing list",
      registers: r,
    }),
    queueDepth: new Gauge({
      name: 'mutt_alerter_queue_depth',
      help: 'Alerter ingest queue depth (backpressure input)',
      registers: r,
    }),
    shedEvents: new Counter({
      name: 'mutt_alerter_shed_events_total',
      help: 'Backpressure actions by mode',
      labelNames: ['mode'] as const,
      registers: r,
    }),
    janitorRecovered: new Counter({
      name: 'mutt_alerter_janitor_recovered_total',
      help: "Messages recovered from dead pods' processing lists",
      registers: r,
    }),
  };
}

export type AlerterMetrics = ReturnType<typeof createAlerterMetrics>;
