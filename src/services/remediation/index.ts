// Remediation: replays mutt:dlq:moog → alert queue while Moogsoft is healthy and the breaker CLOSED, and
// mutt:dlq:alerter → ingest queue while the ingest depth is under the shed threshold. While a DLQ has entries and
// there is room it replays batch after batch; REMEDIATION_INTERVAL is the pause when idle or Moogsoft is unhealthy.
import type { FastifyInstance } from 'fastify';
import { MoogClient, moogClientOptions } from '../../adapters/moog/moog-client.js';
import type { RunningService, ServiceContext, StartService } from '../../app/service.js';
import type { Config } from '../../config/load.js';
import { interruptibleSleep, runUntilAborted } from '../../core/interruptible-sleep.js';
import { circuitConfig } from '../../core/moog/circuit-config.js';
import { startObservabilityServer } from '../../observability/http-server.js';
import type { ConfigStore } from '../../ports/config-store.js';
import { MoogGate } from './moog-gate.js';
import { createRemediationMetrics } from './remediation-metrics.js';
import { recoverOwnList, replayBatch, type BatchDeps } from './replay-batch.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';

/** Pause while the alert queue is busy with live traffic or the breaker is half-open: both clear within seconds. */
const SHORT_PAUSE_MS = 1_000;
const HEARTBEAT_EVERY_MS = 1_000;

interface CycleSettings {
  enabled: boolean;
  intervalMs: number;
  batchSize: number;
  maxAttempts: number;
  shedThreshold: number;
}

/** Dynamic keys remediation_enabled / remediation_interval / remediation_batch_size / max_poison_retries / alerter_queue_shed_threshold. */
async function cycleSettings(c: Config, store: ConfigStore): Promise<CycleSettings> {
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

export const startRemediation: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod, logger } = ctx;
  const metrics = createRemediationMetrics();
  registerConfigReadMetric(metrics.registry, b.configStore);
  const processing = b.keys.processing('remediation', pod);
  const stopCtl = new AbortController();
  const sleep = interruptibleSleep(stopCtl.signal);
  const probing = c.moogHealthCheckEnabled && c.moogWebhookUrl !== undefined;
  const client = probing ? new MoogClient(moogClientOptions(c, ctx.secrets.get('MOOG_API_KEY') ?? c.moogApiKey, 1, `MUTT-Remediation/${c.serviceVersion}`)) : null;
  const unsubscribeSecrets = ctx.secrets.onChange((change) => {
    if (change.changed.includes('MOOG_API_KEY')) client?.setApiKey(change.values.MOOG_API_KEY ?? c.moogApiKey);
  });
  const gate = new MoogGate({
    client, circuit: b.circuit, circuitEnabled: c.circuitBreakerEnabled, circuitConfig: () => circuitConfig(c, b.configStore), probeTimeoutMs: c.moogHealthTimeout * 1000,
    reuseMs: 5_000, dlqName: b.keys.dlq('moog'), logger,
  });
  let moogHealthy = false;
  let lastCycleAt: string | null = null;
  let lastBeatAt = 0;

  await b.heartbeats.beat('remediation', pod, ctx.instanceId, c.heartbeatTtl);
  const back = await recoverOwnList(b, processing);
  if (back > 0) logger.warning(`Returned ${back} entr(ies) from ${processing} to their DLQ`);

  const deps = (s: CycleSettings, mayContinue: () => Promise<boolean>): BatchDeps => ({
    backends: b, logger, metrics, processing, maxAttempts: s.maxAttempts, mayContinue,
    acquireSlots: async (wanted) => {
      for (;;) {
        const r = await b.rateLimiter.acquireMany(b.keys.rateLimit('remediation'), wanted, c.remediationReplayRate, 1000);
        if (r.granted > 0) return r.granted;
        if (stopCtl.signal.aborted) return 0;
        await sleep(Math.min(Math.max(r.waitMs, 5), 1000));
      }
    },
  });

  /** One batch per DLQ; returns the pause before the next cycle (0 = more to do, go on). */
  async function cycle(s: CycleSettings): Promise<number> {
    metrics.loops.inc();
    const dlqs = [b.keys.dlq('moog'), b.keys.dlq('alerter'), b.keys.dlq('dead')];
    const depths = await Promise.all(dlqs.map((q) => b.queues.depth(q)));
    dlqs.forEach((q, i) => metrics.dlqDepth.set({ dlq_name: q }, depths[i] ?? 0));
    if (!s.enabled) return s.intervalMs;
    let pause = s.intervalMs;
    const soon = Math.min(s.intervalMs, SHORT_PAUSE_MS);
    let moogDone = 0;
    let alerterDone = 0;
    const g = await gate.check(s.intervalMs);
    moogHealthy = g.moogHealthy;
    metrics.moogHealth.set(moogHealthy ? 1 : 0);
    if (g.verdict === 'recovering' && (depths[0] ?? 0) > 0) pause = soon;
    if (g.verdict === 'ready' && (depths[0] ?? 0) > 0) {
      // Headroom for live traffic: replayed alerts join the back of the alert queue, so add a batch only when
      // the forwarder has nearly caught up; live alerts then never wait behind more than one batch.
      if ((await b.queues.depth(b.keys.alertQueue)) >= s.batchSize) pause = soon;
      else {
        const r = await replayBatch(deps(s, async () => !stopCtl.signal.aborted), b.keys.dlq('moog'), s.batchSize);
        moogDone = r.replayed;
        if (r.handled > 0) pause = 0;
      }
    }
    if (c.remediationAlerterDlqEnabled && (depths[1] ?? 0) > 0) {
      const under = async (): Promise<boolean> => !stopCtl.signal.aborted && (await b.queues.depth(b.keys.ingestQueue)) < s.shedThreshold;
      if (!(await under())) pause = Math.min(pause, soon);
      else {
        const r = await replayBatch(deps(s, under), b.keys.dlq('alerter'), s.batchSize);
        alerterDone = r.replayed;
        if (r.handled > 0) pause = 0;
      }
    }
    if (moogDone + alerterDone > 0) logger.info(`Remediation cycle replayed ${moogDone} from ${b.keys.dlq('moog')} and ${alerterDone} from ${b.keys.dlq('alerter')}`);
    return pause;
  }

  const loop = runUntilAborted(stopCtl.signal, async () => {
    const s = await cycleSettings(c, b.configStore);
    const end = metrics.loopDuration.startTimer();
    let pause: number;
    try {
      pause = await cycle(s);
    } catch (err) {
      metrics.replayFail.inc({ reason: 'redis_error' });
      logger.error(`Remediation cycle failed: ${(err as Error).message}`);
      pause = s.intervalMs;
    }
    end();
    lastCycleAt = new Date().toISOString();
    if (pause > 0 || Date.now() - lastBeatAt >= HEARTBEAT_EVERY_MS) {
      lastBeatAt = Date.now();
      await b.heartbeats.beat('remediation', pod, ctx.instanceId, Math.max(c.heartbeatTtl, Math.ceil(pause / 1000) * 2)).catch(() => undefined);
    }
    return pause;
  }, (err) => {
    logger.error(`Remediation settings could not be read: ${(err as Error).message}`);
    return c.remediationInterval * 1000;
  });

  const health = async () => {
    const ok = await b.queueHealthy();
    return {
      healthy: ok,
      body: { status: ok ? 'healthy' : 'unhealthy', service: 'mutt-remediation', version: c.serviceVersion, pod, moog_healthy: moogHealthy, last_cycle_at: lastCycleAt, enabled: c.remediationEnabled },
    };
  };
  const servers: FastifyInstance[] = [];
  const primary = await startObservabilityServer(metrics.registry, health, { host: '0.0.0.0', port: c.remediationHealthPort, primary: true, logger });
  if (primary) servers.push(primary);
  const secondary = await startObservabilityServer(metrics.registry, health, { host: '0.0.0.0', port: c.remediationMetricsPort, primary: false, logger });
  if (secondary) servers.push(secondary);
  logger.info(`Remediation started: pod=${pod} interval=${c.remediationInterval}s batch=${c.remediationBatchSize} max_retries=${c.remediationMaxRetries} enabled=${c.remediationEnabled}`);

  return {
    name: 'remediation',
    async stop() {
      stopCtl.abort();
      await loop;
      await recoverOwnList(b, processing).catch(() => 0);
      await b.heartbeats.remove('remediation', pod, ctx.instanceId).catch(() => undefined);
      for (const s of servers.reverse()) await s.close();
      unsubscribeSecrets();
      await client?.close();
    },
  };
};
