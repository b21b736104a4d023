// Moog Forwarder: claims alerts, delivers them to Moogsoft with bounded concurrency inside the shared rate
// limit and circuit breaker, parks retries in mutt:retry:moog and dead-letters what cannot be delivered.
import { setMaxListeners } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { MoogClient, moogClientOptions } from '../../adapters/moog/moog-client.js';
import type { RunningService, ServiceContext, StartService } from '../../app/service.js';
import { MuttError } from '../../core/errors.js';
import { interruptibleSleep } from '../../core/interruptible-sleep.js';
import { redactUrl } from '../../core/redaction.js';
import { startObservabilityServer } from '../../observability/http-server.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import { CircuitView } from './circuit-view.js';
import { deliverAlert, type DeliveryDeps, type Fate } from './deliver-alert.js';
import { createForwarderMetrics } from './forwarder-metrics.js';
import { backoffPolicy, liveSettings, rateLimitName, type LiveSettings } from './forwarder-settings.js';
import { LogThrottle } from './log-throttle.js';
import { RateGate } from './rate-gate.js';
import { beat, guardPod, runJanitor } from './worker-lifecycle.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';

const GAUGE_INTERVAL_MS = 2_000;
const PROMOTE_INTERVAL_MS = 200;
const SETTINGS_INTERVAL_MS = 1_000;

export const startForwarder: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod } = ctx;
  const logger = ctx.logger;
  if (c.moogWebhookUrl === undefined) throw new MuttError('MUTT_CONFIG_INVALID', 'MOOG_WEBHOOK_URL is required by the forwarder');
  const url = c.moogWebhookUrl;
  const stopCtl = new AbortController();
  setMaxListeners(0, stopCtl.signal); // one listener per sleeping delivery; bounded by FORWARDER_CONCURRENCY
  const sleep = interruptibleSleep(stopCtl.signal);
  const metrics = createForwarderMetrics();
  registerConfigReadMetric(metrics.registry, b.configStore);
  const processing = b.keys.processing('moog', pod);
  const throttle = new LogThrottle(logger, 20);
  const circuit = new CircuitView(b.circuit, c.circuitBreakerEnabled, metrics, logger);
  let settings: LiveSettings = await liveSettings(c, b.configStore);
  let moogReachable: boolean | null = null;
  let lastOpenLog = 0;
  let openSkipped = 0;

  // Start-up order (docs/decisions.md D7): guard duplicate pod, heartbeat first, recover own list, janitor.
  await guardPod(b, pod, ctx.instanceId, c.heartbeatTtl, sleep);
  await beat(b, pod, ctx.instanceId, c.heartbeatTtl, logger);
  const recovered = await b.queues.recover(processing, b.keys.alertQueue);
  if (recovered > 0) logger.warning(`Recovered ${recovered} alert(s) from own processing list ${processing}`);
  await runJanitor(b, pod, logger).catch((err: unknown) => logger.error(`Janitor failed: ${(err as Error).message}`));

  const client = new MoogClient(moogClientOptions(c, ctx.secrets.get('MOOG_API_KEY') ?? c.moogApiKey, c.forwarderConcurrency, `MUTT-Moog-Forwarder/${c.serviceVersion}`));
  const probe = await client.probe(Math.min(c.moogTimeout * 1000, 5000));
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

  const unsubscribeSecrets = ctx.secrets.onChange((change) => {
    if (change.changed.includes('MOOG_API_KEY')) {
      client.setApiKey(change.values.MOOG_API_KEY ?? c.moogApiKey);
      logger.info('MOOG_API_KEY rotated; new requests use the new key');
    }
  });
  const gate = new RateGate({
    limiter: b.rateLimiter, key: b.keys.rateLimit(rateLimitName(c)), limits: () => settings, stopping: () => stopCtl.signal.aborted, sleep,
    onDenied: (refused) => metrics.rateLimitHits.inc(refused), onGuard: (ms) => metrics.rateGuard.set(ms / 1000),
  });
  const deps: DeliveryDeps = {
    config: c, backends: b, logger, throttle, metrics, client, circuit, pod, policy: backoffPolicy(c), gate,
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

  interface Finished { readonly m: ClaimedMessage; readonly fate: Fate }

  /** Settles one group of finished deliveries: one transaction for acks + DLQ entries, one call for retries. */
  async function settleGroup(group: readonly Finished[]): Promise<void> {
    const done: ClaimedMessage[] = [];
    const dlq: string[] = [];
    const retries: { claimed: ClaimedMessage; body: string; delayMs: number }[] = [];
    const dlqReasons = new Map<string, number>();
    for (const { m, fate: f } of group) {
      if (f.kind === 'done') done.push(m);
      if (f.kind === 'dlq') { done.push(m); dlq.push(f.entry); dlqReasons.set(f.reason, (dlqReasons.get(f.reason) ?? 0) + 1); }
      if (f.kind === 'retry') retries.push({ claimed: m, body: f.body, delayMs: f.delayMs });
    }
    // Counters once per group rather than per alert (label lookups add up at thousands of alerts/s).
    const delivered = done.length - dlq.length;
    if (delivered > 0) { metrics.processed.inc({ status: 'success' }, delivered); metrics.requests.inc({ status: 'success' }, delivered); }
    if (dlq.length > 0) metrics.processed.inc({ status: 'dlq' }, dlq.length);
    for (const [reason, n] of dlqReasons) metrics.dlqWrites.inc({ reason }, n);
    if (retries.length > 0) metrics.processed.inc({ status: 'error' }, retries.length);
    // Settlement must not be skipped: retry with backoff until it lands or we stop (then start-up recovery owns it).
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (done.length > 0) await b.queues.settle(processing, done, dlq.length > 0 ? [{ queue: b.keys.dlq('moog'), messages: dlq }] : []);
        done.length = 0;
        if (retries.length > 0) await b.retrySchedule.schedule(processing, retries);
        return;
      } catch (err) {
        logger.error(`Settling ${group.length} alert(s) failed: ${(err as Error).message}; retrying`);
        if (stopCtl.signal.aborted) return;
        await sleep(Math.min(1000 * 2 ** attempt, 30_000));
      }
    }
  }

  // Continuous pipeline instead of batch-synchronous lanes: up to FORWARDER_CONCURRENCY deliveries run at once;
  // each one settles as soon as it finishes (grouped with whatever else finished meanwhile), and the claimer
  // refills free slots while the others are still in flight, so one slow alert never holds a batch.
  const windowSize = Math.max(1, c.forwarderConcurrency);
  /** Claim only when this many slots are free (or nothing runs): sub-batches, not one claim round trip per alert. */
  const refillAt = Math.max(1, Math.min(c.forwarderBatchSize, Math.ceil(windowSize / 4)));
  /** Claimed but not yet settled (running + waiting to settle): bounds the processing list if settling lags. */
  const maxUnsettled = windowSize * 2;
  let running = 0;
  let unsettled = 0;
  const finished: Finished[] = [];
  let settling: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => { const w = wake; wake = null; w?.(); };

  function flush(): void {
    if (settling !== null || finished.length === 0) return;
    settling = (async () => {
      while (finished.length > 0) {
        const group = finished.splice(0);
        await settleGroup(group);
        unsettled -= group.length;
        notify();
      }
    })().finally(() => { settling = null; notify(); });
  }

  function start(m: ClaimedMessage): void {
    running += 1;
    unsettled += 1;
    void deliverAlert(deps, m)
      .catch((err: unknown): Fate => {
        throttle.log('error', `Unexpected error delivering alert: ${(err as Error).message}`);
        return { kind: 'retry', body: m.body, delayMs: 1000 };
      })
      .then((fate) => {
        running -= 1;
        lastLoopAt = Date.now();
        // Abandoned (stopping while waiting for a permit): left in the processing list for shutdown recovery.
        if (fate.kind === 'abandon') unsettled -= 1;
        else finished.push({ m, fate });
        flush();
        notify();
      });
  }

  let lastLoopAt = Date.now();
  async function claimer(): Promise<void> {
    while (!stopCtl.signal.aborted) {
      lastLoopAt = Date.now();
      const room = Math.min(c.forwarderBatchSize, windowSize - running, maxUnsettled - unsettled);
      if (room < refillAt && (running > 0 || settling !== null)) {
        await new Promise<void>((resolve) => { wake = resolve; });
        continue;
      }
      let batch: ClaimedMessage[];
      try {
        batch = await b.queues.claim(b.keys.alertQueue, processing, Math.max(1, room), c.forwarderClaimWait * 1000);
      } catch (err) {
        throttle.log('error', `Claiming alerts failed: ${(err as Error).message}`);
        await sleep(1000);
        continue;
      }
      for (const m of batch) start(m);
    }
  }

  /** Resolves once every started delivery has finished and every finished one is settled. */
  async function drained(): Promise<void> {
    while (running > 0 || settling !== null || finished.length > 0) await new Promise<void>((resolve) => { wake = resolve; });
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
      const p = await client.probe(Math.min(c.moogTimeout * 1000, 5000));
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
  every(30_000, async () => { moogReachable = (await client.probe(2000)).healthy; });

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
    `Moog forwarder started: pod=${pod} webhook=${redactUrl(url)} rate_limit=${c.moogRateLimitEnabled ? `${settings.rateMax}/${settings.rateWindowMs / 1000}s` : 'off'} ` +
      `max_attempts=${c.retryMaxAttempts} circuit_breaker=${c.circuitBreakerEnabled ? `on threshold=${settings.circuit.threshold} timeout=${settings.circuit.openMs / 1000}s` : 'off'} concurrency=${c.forwarderConcurrency}`,
  );
  const claiming = claimer();

  return {
    name: 'forwarder',
    async stop() {
      stopCtl.abort();
      for (const t of timers) clearInterval(t);
      notify(); // a claimer waiting for free slots sees the stop
      await Promise.race([claiming.then(drained), new Promise((r) => setTimeout(r, c.shutdownGraceSeconds * 1000))]);
      const back = await b.queues.recover(processing, b.keys.alertQueue).catch(() => 0);
      if (back > 0) logger.info(`Returned ${back} alert(s) from ${processing} to ${b.keys.alertQueue}`);
      await b.heartbeats.remove('moog', pod, ctx.instanceId).catch(() => undefined);
      for (const s of servers.reverse()) await s.close();
      unsubscribeSecrets();
      await client.close();
    },
  };
};
