// One remediation cycle: a batch from mutt:dlq:moog while Moogsoft is healthy and the breaker CLOSED, and a batch
// from mutt:dlq:alerter while the ingest depth is under the shed threshold. Returns the pause before the next one.
import type { Config } from '../../config/load.js';
import type { Sleep } from '../../core/interruptible-sleep.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';
import type { ConfigStore } from '../../ports/config-store.js';
import type { MoogGate } from './moog-gate.js';
import type { RemediationMetrics } from './remediation-metrics.js';
import { replayBatch, type BatchDeps } from './replay-batch.js';

/** Pause while the alert queue is busy with live traffic or the breaker is half-open: both clear within seconds. */
const SHORT_PAUSE_MS = 1_000;

export interface CycleSettings {
  enabled: boolean;
  intervalMs: number;
  batchSize: number;
  maxAttempts: number;
  shedThreshold: number;
}

/** Dynamic keys remediation_enabled / remediation_interval / remediation_batch_size / max_poison_retries / alerter_queue_shed_threshold. */
export async function cycleSettings(c: Config, store: ConfigStore): Promise<CycleSettings> {
  const [enabled, interval, batchSize, maxAttempts, shedThreshold] = await Promise.all([
    store.read('remediation_enabled', true),
    store.read('remediation_interval', c.remediationInterval),
    store.read('remediation_batch_size', c.remediationBatchSize),
    store.read('max_poison_retries', c.remediationMaxRetries),
    store.read('alerter_queue_shed_threshold', c.remediationShedThreshold),
  ]);
  // REMEDIATION_ENABLED=false stops replay whatever the dynamic key says.
  return { enabled: c.remediationEnabled && enabled, intervalMs: interval * 1000, batchSize, maxAttempts, shedThreshold };
}

export interface CycleDeps {
  readonly config: Config;
  readonly backends: Backends;
  readonly logger: Logger;
  readonly metrics: RemediationMetrics;
  readonly processing: string;
  readonly gate: MoogGate;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  /** Written each cycle for /health. */
  readonly status: { moogHealthy: boolean };
}

function batchDeps(d: CycleDeps, s: CycleSettings, mayContinue: () => Promise<boolean>): BatchDeps {
  const b = d.backends;
  return {
    backends: b,
    logger: d.logger,
    metrics: d.metrics,
    processing: d.processing,
    maxAttempts: s.maxAttempts,
    mayContinue,
    acquireSlots: async (wanted) => {
      for (;;) {
        const r = await b.rateLimiter.acquireMany(b.keys.rateLimit('remediation'), wanted, d.config.remediationReplayRate, 1000);
        if (r.granted > 0) return r.granted;
        if (d.signal.aborted) return 0;
        await d.sleep(Math.min(Math.max(r.waitMs, 5), 1000));
      }
    },
  };
}

/** One batch per DLQ; returns the pause before the next cycle (0 = more to do, go on). */
export async function runCycle(d: CycleDeps, s: CycleSettings): Promise<number> {
  const { backends: b, metrics } = d;
  metrics.loops.inc();
  const dlqs = [b.keys.dlq('moog'), b.keys.dlq('alerter'), b.keys.dlq('dead')];
  const depths = await Promise.all(dlqs.map((q) => b.queues.depth(q)));
  dlqs.forEach((q, i) => metrics.dlqDepth.set({ dlq_name: q }, depths[i] ?? 0));
  if (!s.enabled) return s.intervalMs;
  let pause = s.intervalMs;
  const soon = Math.min(s.intervalMs, SHORT_PAUSE_MS);
  let moogDone = 0;
  let alerterDone = 0;
  const g = await d.gate.check(s.intervalMs);
  d.status.moogHealthy = g.moogHealthy;
  metrics.moogHealth.set(g.moogHealthy ? 1 : 0);
  if (g.verdict === 'recovering' && (depths[0] ?? 0) > 0) pause = soon;
  if (g.verdict === 'ready' && (depths[0] ?? 0) > 0) {
    // Headroom for live traffic: replayed alerts join the back of the alert queue, so add a batch only when
    // the forwarder has nearly caught up; live alerts then never wait behind more than one batch.
    if ((await b.queues.depth(b.keys.alertQueue)) >= s.batchSize) pause = soon;
    else {
      const r = await replayBatch(
        batchDeps(d, s, async () => !d.signal.aborted),
        b.keys.dlq('moog'),
        s.batchSize,
      );
      moogDone = r.replayed;
      if (r.handled > 0) pause = 0;
    }
  }
  if (d.config.remediationAlerterDlqEnabled && (depths[1] ?? 0) > 0) {
    const under = async (): Promise<boolean> => !d.signal.aborted && (await b.queues.depth(b.keys.ingestQueue)) < s.shedThreshold;
    if (!(await under())) pause = Math.min(pause, soon);
    else {
      const r = await replayBatch(batchDeps(d, s, under), b.keys.dlq('alerter'), s.batchSize);
      alerterDone = r.replayed;
      if (r.handled > 0) pause = 0;
    }
  }
  if (moogDone + alerterDone > 0)
    d.logger.info(
      `Remediation cycle replayed ${moogDone} from ${b.keys.dlq('moog')} and ${alerterDone} from ${b.keys.dlq('alerter')}`,
    );
  return pause;
}
