// Remediation: replays mutt:dlq:moog → alert queue while Moogsoft is healthy and the breaker CLOSED, and
// mutt:dlq:alerter → ingest queue while the ingest depth is under the shed threshold. While a DLQ has entries and
// there is room it replays batch after batch; REMEDIATION_INTERVAL is the pause when idle or Moogsoft is unhealthy.
import type { RunningService, ServiceContext, StartService } from '../runtime/service-contract.js';
import { runUntilAborted } from '../../core/interruptible-sleep.js';
import { circuitConfig } from '../runtime/circuit-config.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';
import { openMoog } from '../runtime/moog-connection.js';
import { WorkerPod } from '../runtime/worker-pod.js';
import { MoogGate } from './moog-gate.js';
import { createRemediationMetrics } from './remediation-metrics.js';
import { cycleSettings, runCycle, type CycleDeps } from './remediation-cycle.js';
import { recoverOwnList } from './replay-batch.js';

export const startRemediation: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod, logger } = ctx;
  const metrics = createRemediationMetrics();
  registerConfigReadMetric(metrics.registry, b.configStore);
  const status = { moogHealthy: false, lastCycleAt: null as string | null };
  const health = async () => {
    const ok = await b.queueHealthy();
    return {
      healthy: ok,
      body: {
        status: ok ? 'healthy' : 'unhealthy',
        service: 'mutt-remediation',
        version: c.serviceVersion,
        pod,
        moog_healthy: status.moogHealthy,
        last_cycle_at: status.lastCycleAt,
        enabled: c.remediationEnabled,
      },
    };
  };
  const runtime = await WorkerPod.start(ctx, {
    role: 'remediation',
    service: 'remediation',
    registry: metrics.registry,
    health,
    ports: { health: c.remediationHealthPort, metrics: c.remediationMetricsPort },
    // Entries go back to the DLQ they came from (by `_dlq_source`).
    returnList: (list) => recoverOwnList(b, list),
    janitor: {
      intervalSeconds: c.janitorInterval,
      recoveredLine: (n, list) => `Janitor: recovered ${n} entr(ies) from ${list} to their DLQ`,
    },
  });

  const probing = c.moogHealthCheckEnabled && c.moogWebhookUrl !== undefined;
  const client = probing ? openMoog(ctx, 1, `MUTT-Remediation/${c.serviceVersion}`) : null;
  if (client !== null) runtime.onStop(() => client.close());
  const gate = new MoogGate({
    client,
    circuit: b.circuit,
    circuitEnabled: c.circuitBreakerEnabled,
    circuitConfig: () => circuitConfig(c, b.configStore),
    probeTimeoutMs: c.moogHealthTimeout * 1000,
    reuseMs: 5_000,
    dlqName: b.keys.dlq('moog'),
    logger,
  });
  const deps: CycleDeps = {
    config: c,
    backends: b,
    logger,
    metrics,
    processing: runtime.processing,
    gate,
    signal: runtime.signal,
    sleep: runtime.sleep,
    status,
  };

  runtime.run(
    runUntilAborted(
      runtime.signal,
      async () => {
        const s = await cycleSettings(c, b.configStore);
        const end = metrics.loopDuration.startTimer();
        let pause: number;
        try {
          pause = await runCycle(deps, s);
        } catch (err) {
          metrics.replayFail.inc({ reason: 'redis_error' });
          logger.error(`Remediation cycle failed: ${(err as Error).message}`);
          pause = s.intervalMs;
        }
        end();
        status.lastCycleAt = new Date().toISOString();
        return pause;
      },
      (err) => {
        logger.error(`Remediation settings could not be read: ${(err as Error).message}`);
        return c.remediationInterval * 1000;
      },
    ),
  );
  logger.info(
    `Remediation started: pod=${pod} interval=${c.remediationInterval}s batch=${c.remediationBatchSize} max_retries=${c.remediationMaxRetries} enabled=${c.remediationEnabled}`,
  );
  return { name: 'remediation', stop: () => runtime.stop() };
};
