// Moog Forwarder: claims alerts, delivers them to Moogsoft with bounded concurrency inside the shared rate
// limit and circuit breaker, parks retries in mutt:retry:moog and dead-letters what cannot be delivered.
import type { RunningService, ServiceContext, StartService } from '../runtime/service-contract.js';
import { MuttError } from '../../core/errors.js';
import { redactUrl } from '../../core/redaction.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';
import { openMoog } from '../runtime/moog-connection.js';
import { WorkerPod } from '../runtime/worker-pod.js';
import { CircuitView } from './circuit-view.js';
import type { DeliveryDeps } from './deliver-alert.js';
import { DeliveryPipeline } from './delivery-pipeline.js';
import { createForwarderMetrics } from './forwarder-metrics.js';
import { backoffPolicy, liveSettings, rateLimitName, type LiveSettings } from './forwarder-settings.js';
import { forwarderHealth, type MoogReachability } from './forwarder-health.js';
import { CircuitOpenLog, probeAtStart, refreshCircuit } from './moog-circuit.js';
import { LogThrottle } from './log-throttle.js';
import { RateGate } from './rate-gate.js';

const GAUGE_INTERVAL_MS = 2_000;
const PROMOTE_INTERVAL_MS = 200;
const SETTINGS_INTERVAL_MS = 1_000;

export const startForwarder: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config: c, backends: b, podName: pod, logger } = ctx;
  if (c.moogWebhookUrl === undefined) throw new MuttError('MUTT_CONFIG_INVALID', 'MOOG_WEBHOOK_URL is required by the forwarder');
  const metrics = createForwarderMetrics();
  registerConfigReadMetric(metrics.registry, b.configStore);
  const throttle = new LogThrottle(logger, 20);
  const circuit = new CircuitView(b.circuit, c.circuitBreakerEnabled, metrics, logger);
  let settings: LiveSettings = await liveSettings(c, b.configStore);
  const moog: MoogReachability = { reachable: null };
  let pipeline: DeliveryPipeline | undefined;
  const health = () => forwarderHealth(c, b, pod, circuit, moog, pipeline?.lastLoopAt ?? Date.now());

  const runtime = await WorkerPod.start(ctx, {
    role: 'moog',
    service: 'forwarder',
    registry: metrics.registry,
    health,
    ports: { health: c.forwarderHealthPort, metrics: c.forwarderMetricsPort },
    returnList: (list) => b.queues.recover(list, b.keys.alertQueue),
    janitor: {
      intervalSeconds: c.moogJanitorInterval,
      recoveredLine: (n, list, dead) => `Janitor recovered ${n} alert(s) from dead pod ${dead} (${list}) to ${b.keys.alertQueue}`,
    },
  });
  const { processing, sleep, signal, timers } = runtime;
  const client = openMoog(ctx, c.forwarderConcurrency, `MUTT-Moog-Forwarder/${c.serviceVersion}`);
  runtime.onStop(() => client.close());
  moog.reachable = await probeAtStart(c, client, circuit, settings.circuit, logger).catch(async (err: unknown) => {
    await runtime.stop();
    throw err;
  });

  const gate = new RateGate({
    limiter: b.rateLimiter,
    key: b.keys.rateLimit(rateLimitName(c)),
    limits: () => settings,
    stopping: () => signal.aborted,
    sleep,
    onDenied: (refused) => metrics.rateLimitHits.inc(refused),
    onGuard: (ms) => metrics.rateGuard.set(ms / 1000),
  });
  const openLog = new CircuitOpenLog(logger, b.keys.dlq('moog'));
  const deps: DeliveryDeps = {
    config: c,
    backends: b,
    logger,
    throttle,
    metrics,
    client,
    circuit,
    pod,
    policy: backoffPolicy(c),
    gate,
    settings: () => settings,
    stopping: () => signal.aborted,
    sleep,
    circuitOpenLog: (cid) => openLog.skipped(cid),
  };
  pipeline = new DeliveryPipeline(c, deps, { backends: b, processing, metrics, logger, signal, sleep }, throttle);

  timers.every('retry-promote', PROMOTE_INTERVAL_MS, () => b.retrySchedule.promoteDue(b.keys.alertQueue, 500));
  timers.every('settings', SETTINGS_INTERVAL_MS, async () => {
    settings = await liveSettings(c, b.configStore);
    const probed = await refreshCircuit(c, client, circuit, settings.circuit, pod);
    if (probed !== null) moog.reachable = probed;
  });
  timers.every('gauges', GAUGE_INTERVAL_MS, async () => {
    const [dlq, q, p, r] = await Promise.all([
      b.queues.depth(b.keys.dlq('moog')),
      b.queues.depth(b.keys.alertQueue),
      b.queues.depth(processing),
      b.retrySchedule.size(),
    ]);
    metrics.dlqDepth.set(dlq);
    metrics.alertQueueDepth.set(q);
    metrics.processingDepth.set(p);
    metrics.retryDepth.set(r);
  });
  timers.every('moog-probe', 30_000, async () => {
    moog.reachable = (await client.probe(2000)).healthy;
  });

  logger.info(
    `Moog forwarder started: pod=${pod} webhook=${redactUrl(c.moogWebhookUrl)} rate_limit=${c.moogRateLimitEnabled ? `${settings.rateMax}/${settings.rateWindowMs / 1000}s` : 'off'} ` +
      `max_attempts=${c.retryMaxAttempts} circuit_breaker=${c.circuitBreakerEnabled ? `on threshold=${settings.circuit.threshold} timeout=${settings.circuit.openMs / 1000}s` : 'off'} concurrency=${c.forwarderConcurrency}`,
  );
  runtime.run(pipeline.run());
  return { name: 'forwarder', stop: () => runtime.stop() };
};
