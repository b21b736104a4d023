// Moog Forwarder: claims alerts, delivers them to Moogsoft with bounded concurrency inside the shared rate
// limit and circuit breaker, parks retries in mutt:retry:moog and dead-letters what cannot be delivered.
import { setMaxListeners } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { RunningService, ServiceContext, StartService } from '../../app/service.js';
import { startObservabilityServer } from '../../observability/http-server.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import { CircuitView } from './circuit-view.js';
import { deliverAlert, type DeliveryDeps, type Fate } from './deliver-alert.js';
import { createForwarderMetrics } from './forwarder-metrics.js';
import { backoffPolicy, liveSettings, rateLimitName, type LiveSettings } from './forwarder-settings.js';
import { LogThrottle } from './log-throttle.js';
import { MoogClient, probeMoog } from './moog-client.js';
import { beat, guardPod, runJanitor } from './worker-lifecycle.js';

export { DuplicatePodError } from './worker-lifecycle.js';

const LANES = 4;
const GAUGE_INTERVAL_MS = 2_000;
const PROMOTE_INTERVAL_MS = 200;
const SETTINGS_INTERVAL_MS = 1_000;

function interruptibleSleep(stopSignal: AbortSignal) {
  return (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopSignal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        stopSignal.removeEventListener('abort', done);
        resolve();
      }
      stopSignal.addEventListener('abort', done, { once: true });
    });
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const startForwarder: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod } = ctx;
  const logger = ctx.logger;
  if (c.moogWebhookUrl === undefined) throw new Error('MOOG_WEBHOOK_URL is required by the forwarder');
  const url = c.moogWebhookUrl;
  const stopCtl = new AbortController();
  setMaxListeners(0, stopCtl.signal); // one listener per sleeping delivery; bounded by FORWARDER_CONCURRENCY
  const sleep = interruptibleSleep(stopCtl.signal);
  const metrics = createForwarderMetrics();
  const processing = b.keys.processing('moog', pod);
  const throttle = new LogThrottle(logger, 20);
  const circuit = new CircuitView(b.circuit, c.circuitBreakerEnabled, metrics, logger);
  let settings: LiveSettings = await liveSettings(c, b.configStore);
  let moogReachable: boolean | null = null;
  let lastOpenLog = 0;
  let openSkipped = 0;

  // Start-up order (spec §3.3 fixes): guard duplicate pod, heartbeat first, recover own list, janitor.
  await guardPod(b, pod, ctx.instanceId, c.heartbeatTtl, sleep);
  await beat(b, pod, ctx.instanceId, c.heartbeatTtl, logger);
  const recovered = await b.queues.recover(processing, b.keys.alertQueue);
  if (recovered > 0) logger.warning(`Recovered ${recovered} alert(s) from own processing list ${processing}`);
  await runJanitor(b, pod, logger).catch((err: unknown) => logger.error(`Janitor failed: ${(err as Error).message}`));

  const probe = await probeMoog(url, Math.min(c.moogTimeout * 1000, 5000));
  moogReachable = probe.healthy;
  if (c.circuitBreakerEnabled) {
    if (probe.healthy && c.circuitBreakerResetOnStart) {
      await circuit.reset(settings.circuit);
      logger.info('Circuit breaker reset on startup (Moogsoft probe healthy)');
    } else {
      await circuit.refresh(settings.circuit);
      if (!probe.healthy) logger.warning(`Moogsoft probe failed at startup (${probe.detail}); circuit breaker left ${circuit.current?.state ?? 'CLOSED'}`);
    }
  }

  const client = new MoogClient({
    url, timeoutMs: c.moogTimeout * 1000, connections: c.forwarderConcurrency, authType: c.moogAuthType, authHeader: c.moogAuthHeader,
    apiKey: ctx.secrets.get('MOOG_API_KEY') ?? c.moogApiKey, tlsVerify: c.moogTlsVerify, caCertPath: c.moogCaCertPath, userAgent: `MUTT-Moog-Forwarder/${c.serviceVersion}`,
  });
  const unsubscribeSecrets = ctx.secrets.onChange((change) => {
    if (change.changed.includes('MOOG_API_KEY')) {
      client.setApiKey(change.values.MOOG_API_KEY ?? c.moogApiKey);
      logger.info('MOOG_API_KEY rotated; new requests use the new key');
    }
  });
  const deps: DeliveryDeps = {
    config: c, backends: b, logger, throttle, metrics, client, circuit, pod, policy: backoffPolicy(c), rateKey: b.keys.rateLimit(rateLimitName(c)),
    settings: () => settings, stopping: () => stopCtl.signal.aborted, sleep,
    circuitOpenLog: (cid) => {
      openSkipped += 1;
      const now = Date.now();
      if (now - lastOpenLog < 10_000) return;
      logger.warning(`Circuit breaker is OPEN, skipping forward (${openSkipped} alert(s) to ${b.keys.dlq('moog')} since last report)`, { correlation_id: cid });
      lastOpenLog = now;
      openSkipped = 0;
    },
  };

  async function settleBatch(batch: readonly ClaimedMessage[], fates: readonly Fate[]): Promise<void> {
    const done: ClaimedMessage[] = [];
    const dlq: string[] = [];
    const retries: { claimed: ClaimedMessage; body: string; delayMs: number }[] = [];
    fates.forEach((f, i) => {
      const m = batch[i] as ClaimedMessage;
      if (f.kind === 'done') { done.push(m); metrics.processed.inc({ status: 'success' }); }
      if (f.kind === 'dlq') { done.push(m); dlq.push(f.entry); metrics.processed.inc({ status: 'dlq' }); metrics.dlqWrites.inc({ reason: f.reason }); }
      if (f.kind === 'retry') { retries.push({ claimed: m, body: f.body, delayMs: f.delayMs }); metrics.processed.inc({ status: 'error' }); }
    });
    // Settlement must not be skipped: retry with backoff until it lands or we stop (then start-up recovery owns it).
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (done.length > 0) await b.queues.settle(processing, done, dlq.length > 0 ? [{ queue: b.keys.dlq('moog'), messages: dlq }] : []);
        done.length = 0;
        if (retries.length > 0) await b.retrySchedule.schedule(processing, retries);
        return;
      } catch (err) {
        logger.error(`Settling ${batch.length} alert(s) failed: ${(err as Error).message}; retrying`);
        if (stopCtl.signal.aborted) return;
        await sleep(Math.min(1000 * 2 ** attempt, 30_000));
      }
    }
  }

  let lastLoopAt = Date.now();
  const perLane = Math.max(1, Math.ceil(c.forwarderConcurrency / LANES));
  async function lane(): Promise<void> {
    while (!stopCtl.signal.aborted) {
      lastLoopAt = Date.now();
      let batch: ClaimedMessage[];
      try {
        batch = await b.queues.claim(b.keys.alertQueue, processing, Math.min(c.forwarderBatchSize, perLane * 2), c.forwarderClaimWait * 1000);
      } catch (err) {
        throttle.log('error', `Claiming alerts failed: ${(err as Error).message}`);
        await sleep(1000);
        continue;
      }
      if (batch.length === 0) continue;
      const fates = await mapLimit(batch, perLane, (m) =>
        deliverAlert(deps, m).catch((err: unknown): Fate => {
          throttle.log('error', `Unexpected error delivering alert: ${(err as Error).message}`);
          return { kind: 'retry', body: m.body, delayMs: 1000 };
        }),
      );
      await settleBatch(batch, fates);
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>): void => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      fn().catch((err: unknown) => throttle.log('error', (err as Error).message)).finally(() => { busy = false; });
    }, ms);
    timers.push(t);
  };
  every(c.heartbeatInterval * 1000, () => beat(b, pod, ctx.instanceId, c.heartbeatTtl, logger));
  every(c.moogJanitorInterval * 1000, () => runJanitor(b, pod, logger));
  every(PROMOTE_INTERVAL_MS, () => b.retrySchedule.promoteDue(b.keys.alertQueue, 500));
  every(SETTINGS_INTERVAL_MS, async () => {
    settings = await liveSettings(c, b.configStore);
    if (!c.circuitBreakerEnabled) return;
    const s = await circuit.refresh(settings.circuit);
    // With no traffic a half-open breaker would never close (and remediation waits for CLOSED), so the pod
    // that wins the single probe asks Moog itself with the shared HEAD probe.
    if (s.state === 'HALF_OPEN' && (await circuit.admit(settings.circuit, `${pod}:head-probe`)) === 'probe') {
      const p = await probeMoog(url, Math.min(c.moogTimeout * 1000, 5000));
      moogReachable = p.healthy;
      if (p.healthy) await circuit.success(settings.circuit);
      else await circuit.failure(settings.circuit, 'head-probe');
    }
  });
  every(GAUGE_INTERVAL_MS, async () => {
    const [dlq, q, p, r] = await Promise.all([b.queues.depth(b.keys.dlq('moog')), b.queues.depth(b.keys.alertQueue), b.queues.depth(processing), b.retrySchedule.size()]);
    metrics.dlqDepth.set(dlq);
    metrics.alertQueueDepth.set(q);
    metrics.processingDepth.set(p);
    metrics.retryDepth.set(r);
  });
  every(30_000, async () => { moogReachable = (await probeMoog(url, 2000)).healthy; });

  const health = async () => {
    const redisOk = await b.queueHealthy();
    const stalled = Date.now() - lastLoopAt > (2 * c.forwarderClaimWait + c.moogTimeout + c.retryMaxDelay) * 1000;
    const errors = [...(redisOk ? [] : ['Queue back end unreachable']), ...(stalled ? ['Main loop stalled'] : [])];
    return {
      healthy: errors.length === 0,
      body: {
        status: errors.length === 0 ? 'healthy' : 'unhealthy', service: 'mutt-moog-forwarder', version: c.serviceVersion, pod,
        moog: moogReachable === null ? 'unknown' : moogReachable ? 'reachable' : 'unreachable',
        circuit_breaker: c.circuitBreakerEnabled ? circuit.current?.state ?? 'CLOSED' : 'DISABLED',
        ...(errors.length > 0 ? { errors } : {}),
      },
    };
  };
  const servers: FastifyInstance[] = [];
  const primary = await startObservabilityServer(metrics.registry, health, { host: '0.0.0.0', port: c.forwarderHealthPort, primary: true, logger });
  if (primary) servers.push(primary);
  const secondary = await startObservabilityServer(metrics.registry, health, { host: '0.0.0.0', port: c.forwarderMetricsPort, primary: false, logger });
  if (secondary) servers.push(secondary);

  logger.info(
    `Moog forwarder started: pod=${pod} webhook=${url} rate_limit=${c.moogRateLimitEnabled ? `${settings.rateMax}/${settings.rateWindowMs / 1000}s` : 'off'} ` +
      `max_attempts=${c.retryMaxAttempts} circuit_breaker=${c.circuitBreakerEnabled ? `on threshold=${settings.circuit.threshold} timeout=${settings.circuit.openMs / 1000}s` : 'off'} concurrency=${c.forwarderConcurrency}`,
  );
  const lanes = Array.from({ length: LANES }, () => lane());

  return {
    name: 'forwarder',
    async stop() {
      stopCtl.abort();
      for (const t of timers) clearInterval(t);
      await Promise.race([Promise.all(lanes), new Promise((r) => setTimeout(r, c.shutdownGraceSeconds * 1000))]);
      const back = await b.queues.recover(processing, b.keys.alertQueue).catch(() => 0);
      if (back > 0) logger.info(`Returned ${back} alert(s) from ${processing} to ${b.keys.alertQueue}`);
      await b.heartbeats.remove('moog', pod, ctx.instanceId).catch(() => undefined);
      for (const s of servers.reverse()) await s.close();
      unsubscribeSecrets();
      await client.close();
    },
  };
};
