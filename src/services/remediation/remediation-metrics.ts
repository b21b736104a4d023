// Remediation metrics on :8086 with the guide's names (docs/decisions.md D19).
import { Counter, Gauge, Histogram } from 'prom-client';
import { createRegistry } from '../../observability/metrics.js';

export type RemediationMetrics = ReturnType<typeof createRemediationMetrics>;

export function createRemediationMetrics() {
  const registry = createRegistry('mutt-remediation');
  const r = [registry];
  const m = {
    registry,
    loops: new Counter({ name: 'mutt_remediation_loops_total', help: 'Remediation cycles', registers: r }),
    dlqDepth: new Gauge({
      name: 'mutt_remediation_dlq_depth',
      help: 'Depth of each DLQ',
      labelNames: ['dlq_name'] as const,
      registers: r,
    }),
    replaySuccess: new Counter({
      name: 'mutt_remediation_replay_success_total',
      help: 'Entries replayed',
      labelNames: ['dlq_name'] as const,
      registers: r,
    }),
    replayFail: new Counter({
      name: 'mutt_remediation_replay_fail_total',
      help: 'Replay failures',
      labelNames: ['reason'] as const,
      registers: r,
    }),
    poison: new Counter({ name: 'mutt_remediation_poison_messages_total', help: 'Entries moved to mutt:dlq:dead', registers: r }),
    moogHealth: new Gauge({
      name: 'mutt_remediation_moog_health',
      help: '1 when Moogsoft is healthy and the breaker CLOSED',
      registers: r,
    }),
    loopDuration: new Histogram({
      name: 'mutt_remediation_loop_duration_seconds',
      help: 'Cycle duration',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      registers: r,
    }),
  };
  m.replayFail.inc({ reason: 'processing_error' }, 0);
  m.replayFail.inc({ reason: 'redis_error' }, 0);
  return m;
}
