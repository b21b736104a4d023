// Remediation: every REMEDIATION_INTERVAL, replays mutt:dlq:moog → alert queue while Moogsoft is healthy and
// the breaker CLOSED, and mutt:dlq:alerter → ingest queue while the ingest depth is under the shed threshold.
import { request } from 'undici';
import type { FastifyInstance } from 'fastify';
import type { RunningService, ServiceContext, StartService } from '../../app/service.js';
import type { Config } from '../../config/load.js';
import { isProbeHealthy } from '../../core/moog/classify-response.js';
import { startObservabilityServer } from '../../observability/http-server.js';
import type { ConfigStore } from '../../ports/config-store.js';
import { createRemediationMetrics } from './remediation-metrics.js';
import { recoverOwnList, replayBatch, type BatchDeps } from './replay-batch.js';

interface CycleSettings {
  enabled: boolean;
  intervalMs: number;
  batchSize: number;
  maxAttempts: number;
  shedThreshold: number;
}

async function dynNum(store: ConfigStore, on: boolean, key: string, fallback: number): Promise<number> {
  if (!on) return fallback;
  const raw = await store.cachedGet(key).catch(() => null);
  const n = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Dynamic keys remediation_enabled / remediation_interval / remediation_batch_size / max_poison_retries / alerter_queue_shed_threshold. */
async function cycleSettings(c: Config, store: ConfigStore): Promise<CycleSettings> {
  const on = c.dynamicConfigEnabled;
  const enabledRaw = on ? await store.cachedGet('remediation_enabled').catch(() => null) : null;
  return {
    enabled: c.remediationEnabled && (enabledRaw === null || !['false', '0', 'no', 'off'].includes(enabledRaw.trim().toLowerCase())),
    intervalMs: Math.max(50, (await dynNum(store, on, 'remediation_interval', c.remediationInterval)) * 1000),
    batchSize: Math.max(1, Math.floor(await dynNum(store, on, 'remediation_batch_size', c.remediationBatchSize))),
    maxAttempts: Math.floor(await dynNum(store, on, 'max_poison_retries', c.remediationMaxRetries)),
    shedThreshold: await dynNum(store, on, 'alerter_queue_shed_threshold', c.remediationShedThreshold),
  };
}

/** The shared probe (DECISIONS A11): HEAD, status < 500 and not 429. Never posts a fake event. */
async function probe(url: string, timeoutMs: number): Promise<{ healthy: boolean; detail: string }> {
  try {
    const res = await request(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
    return { healthy: isProbeHealthy(res.statusCode), detail: `HTTP ${res.statusCode}` };
  } catch (err) {
    return { healthy: false, detail: (err as Error).message };
  }
}

export const startRemediation: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod, logger } = ctx;
  const metrics = createRemediationMetrics();
  const processing = b.keys.processing('remediation', pod);
  const stopCtl = new AbortController();
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    if (stopCtl.signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    stopCtl.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
  const cbCfg = { threshold: c.circuitBreakerThreshold, openMs: c.circuitBreakerTimeout * 1000, probeTtlMs: c.moogTimeout * 1000 + 1000 };
  let moogHealthy = false;
  let lastCycleAt: string | null = null;

  await b.heartbeats.beat('remediation', pod, ctx.instanceId, c.heartbeatTtl);
  const back = await recoverOwnList(b, processing);
  if (back > 0) logger.warning(`Returned ${back} entr(ies) from ${processing} to their DLQ`);

  async function moogGate(): Promise<boolean> {
    if (!c.moogHealthCheckEnabled || c.moogWebhookUrl === undefined) return true;
    const state = c.circuitBreakerEnabled ? (await b.circuit.status(cbCfg)).state : 'CLOSED';
    if (state !== 'CLOSED') {
      logger.warning(`Circuit breaker is ${state}; skipping replay of ${b.keys.dlq('moog')}`);
      return false;
    }
    const p = await probe(c.moogWebhookUrl, c.moogHealthTimeout * 1000);
    if (!p.healthy) logger.warning(`Moogsoft health check failed (${p.detail}), skipping DLQ replay of ${b.keys.dlq('moog')}`);
    return p.healthy;
  }

  const deps = (s: CycleSettings, mayContinue: () => Promise<boolean>): BatchDeps => ({
    backends: b, logger, metrics, processing, maxAttempts: s.maxAttempts, mayContinue,
    acquireSlot: async () => {
      for (;;) {
        const r = await b.rateLimiter.acquire(b.keys.rateLimit('remediation'), c.remediationReplayRate, 1000);
        if (r.allowed) return true;
        if (stopCtl.signal.aborted) return false;
        await sleep(Math.min(Math.max(r.waitMs, 5), 1000));
      }
    },
  });

  async function cycle(s: CycleSettings): Promise<void> {
    metrics.loops.inc();
    const dlqs = [b.keys.dlq('moog'), b.keys.dlq('alerter'), b.keys.dlq('dead')];
    const depths = await Promise.all(dlqs.map((q) => b.queues.depth(q)));
    dlqs.forEach((q, i) => metrics.dlqDepth.set({ dlq_name: q }, depths[i] ?? 0));
    if (!s.enabled) return;
    moogHealthy = await moogGate();
    metrics.moogHealth.set(moogHealthy ? 1 : 0);
    let moogDone = 0;
    let alerterDone = 0;
    if (moogHealthy && (depths[0] ?? 0) > 0) moogDone = await replayBatch(deps(s, async () => !stopCtl.signal.aborted), b.keys.dlq('moog'), s.batchSize);
    if (c.remediationAlerterDlqEnabled && (depths[1] ?? 0) > 0) {
      const under = async (): Promise<boolean> => !stopCtl.signal.aborted && (await b.queues.depth(b.keys.ingestQueue)) < s.shedThreshold;
      if (await under()) alerterDone = await replayBatch(deps(s, under), b.keys.dlq('alerter'), s.batchSize);
    }
    if (moogDone + alerterDone > 0) logger.info(`Remediation cycle replayed ${moogDone} from ${b.keys.dlq('moog')} and ${alerterDone} from ${b.keys.dlq('alerter')}`);
  }

  const loop = (async () => {
    while (!stopCtl.signal.aborted) {
      const s = await cycleSettings(c, b.configStore);
      const end = metrics.loopDuration.startTimer();
      try {
        await cycle(s);
      } catch (err) {
        metrics.replayFail.inc({ reason: 'redis_error' });
        logger.error(`Remediation cycle failed: ${(err as Error).message}`);
      }
      end();
      lastCycleAt = new Date().toISOString();
      await b.heartbeats.beat('remediation', pod, ctx.instanceId, Math.max(c.heartbeatTtl, Math.ceil(s.intervalMs / 1000) * 2)).catch(() => undefined);
      await sleep(s.intervalMs);
    }
  })();

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
    },
  };
};
