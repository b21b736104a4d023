// Forwarder metrics: names the guide greps on :9092 (docs/decisions.md D19).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createRegistry } from '../../observability/metrics.js';
import { STATE_GAUGE } from '../../core/moog/circuit-breaker.js';
import type { CircuitStatus } from '../../ports/circuit-store.js';

export type ForwarderMetrics = ReturnType<typeof createForwarderMetrics>;

// Doc alias (MONITORING_ALERTING): 0 closed, 1 open, 2 half-open.
const DOC_STATE = { CLOSED: 0, OPEN: 1, HALF_OPEN: 2 } as const;

export function createForwarderMetrics(registry: Registry = createRegistry('mutt-moog-forwarder')) {
  const r = [registry];
  const m = {
    registry,
    requests: new Counter({
      name: 'mutt_moog_requests_total',
      help: 'Moog deliveries by outcome',
      labelNames: ['status'] as const,
      registers: r,
    }),
    failures: new Counter({
      name: 'mutt_moog_request_failures_total',
      help: 'Failed Moog deliveries by reason',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    latency: new Histogram({
      name: 'mutt_moog_request_latency_seconds',
      help: 'Moog request latency',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    }),
    processed: new Counter({
      name: 'mutt_moog_alerts_processed_total',
      help: 'Alerts by final outcome of one pickup',
      labelNames: ['status'] as const,
      registers: r,
    }),
    dlqWrites: new Counter({
      name: 'mutt_moog_dlq_writes_total',
      help: 'Alerts written to mutt:dlq:moog by reason',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    rateLimitHits: new Counter({
      name: 'mutt_moog_rate_limit_hits_total',
      help: 'Shared rate-limit denials (the alert waits)',
      registers: r,
    }),
    rateSlotsMissed: new Counter({
      name: 'mutt_moog_rate_slots_missed_total',
      help: 'Booked send slots given up: the pod woke too late for them or Moog stopped answering',
      registers: r,
    }),
    rateGuard: new Gauge({
      name: 'mutt_moog_rate_limit_guard_seconds',
      help: 'Arrival guard added to the shared rate-limit window',
      registers: r,
    }),
    dlqDepth: new Gauge({ name: 'mutt_moog_dlq_depth', help: 'LLEN mutt:dlq:moog', registers: r }),
    alertQueueDepth: new Gauge({ name: 'mutt_moog_alert_queue_depth', help: 'LLEN mutt:alert_queue', registers: r }),
    processingDepth: new Gauge({
      name: 'mutt_moog_processing_list_depth',
      help: "LLEN of this pod's processing list",
      registers: r,
    }),
    retryDepth: new Gauge({ name: 'mutt_moog_retry_queue_depth', help: 'Alerts waiting in mutt:retry:moog', registers: r }),
    cbState: new Gauge({
      name: 'mutt_circuit_breaker_state',
      help: '0 closed, 1 half-open, 2 open',
      labelNames: ['name'] as const,
      registers: r,
    }),
    cbFailures: new Gauge({
      name: 'mutt_circuit_breaker_failures',
      help: 'Distinct failed messages since the last success',
      labelNames: ['name'] as const,
      registers: r,
    }),
    cbChanges: new Counter({
      name: 'mutt_circuit_breaker_state_changes_total',
      help: 'Breaker transitions seen by this pod',
      labelNames: ['name', 'from_state', 'to_state'] as const,
      registers: r,
    }),
    cbDocState: new Gauge({
      name: 'mutt_moog_circuit_breaker_state',
      help: 'Doc alias: 0 closed, 1 open, 2 half-open',
      labelNames: ['name'] as const,
      registers: r,
    }),
    cbDocFailures: new Gauge({
      name: 'mutt_moog_circuit_breaker_failures',
      help: 'Doc alias of mutt_circuit_breaker_failures',
      labelNames: ['name'] as const,
      registers: r,
    }),
    cbOpen: new Gauge({ name: 'mutt_moog_circuit_open', help: '1 while the breaker is OPEN', registers: r }),
  };
  for (const status of ['success', 'fail']) m.requests.inc({ status }, 0);
  return m;
}

export function observeCircuit(m: ForwarderMetrics, s: CircuitStatus, previous: CircuitStatus | null): void {
  const name = 'moogsoft';
  m.cbState.set({ name }, STATE_GAUGE[s.state]);
  m.cbDocState.set({ name }, DOC_STATE[s.state]);
  m.cbFailures.set({ name }, s.failures);
  m.cbDocFailures.set({ name }, s.failures);
  m.cbOpen.set(s.state === 'OPEN' ? 1 : 0);
  if (previous !== null && previous.state !== s.state) m.cbChanges.inc({ name, from_state: previous.state, to_state: s.state });
}
