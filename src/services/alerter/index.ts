// The Alerter service: loads rules, consumes the ingest queue in batches, audits, raises alerts and meta-alerts,
// sheds under backpressure, and keeps its pod alive for the janitors. See docs/architecture.md and docs/decisions.md.
import type { RunningService, ServiceContext, StartService } from '../../app/service.js';
import { startObservabilityServer, type HealthReport } from '../../observability/http-server.js';
import { createRegistry } from '../../observability/metrics.js';
import { registerDbPoolGauge } from '../../observability/db-pool-metric.js';
import type { Unsubscribe } from '../../ports/pubsub.js';
import { createAlerterMetrics } from './alerter-metrics.js';
import { reloadIntervalSeconds } from './dynamic-settings.js';
import type { BatchDeps } from './execute-batch.js';
import { assertNotDuplicate, recoverOwnList, runJanitor, type PodDeps } from './janitor.js';
import { LogThrottle } from './log-throttle.js';
import { RuleCache } from './rule-cache.js';
import { UnhandledOverflowLog } from './unhandled-overflow-log.js';
import { runWorkerLoop, type LoopState } from './worker-loop.js';
import { STORE_STALL_MS, StoreWriteWatch } from './store-write-watch.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';

export { runRulesTest } from './run-rules-test.js';

const STOP_DEADLINE_MS = 25_000;
const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p.catch(() => false), new Promise<boolean>((r) => { t = setTimeout(() => r(false), ms); })]).finally(() => clearTimeout(t));
}

export const startAlerter: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config, backends, logger, podName: pod, instanceId } = ctx;
  const { keys, queues } = backends;
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });
  const registry = createRegistry('alerter');
  registerDbPoolGauge(registry, 'mutt-alerter', backends.sql, config.dbPoolMax);
  const metrics = createAlerterMetrics(registry);
  registerConfigReadMetric(registry, backends.configStore);
  const throttle = new LogThrottle(ctx.now);
  const overflowLog = new UnhandledOverflowLog(logger, throttle);
  const dyn = backends.configStore;
  const cache = new RuleCache(backends.store, metrics, logger, { maxProgramSize: config.ruleRegexMaxProgramSize });
  const state: LoopState & { storeDown: boolean } = { queueDown: false, storeDown: false };
  const storeWrites = new StoreWriteWatch();
  const podDeps: PodDeps = { queues, heartbeats: backends.heartbeats, keys, logger, metrics, pod, instanceId, ttlSeconds: config.heartbeatTtl, sleep };

  const health = async (): Promise<HealthReport> => {
    const [q, s] = await Promise.all([withTimeout(backends.queueHealthy(), CHECK_TIMEOUT_MS), withTimeout(backends.storeHealthy(), CHECK_TIMEOUT_MS)]);
    const errors: string[] = [];
    if (!q || state.queueDown) errors.push(backends.profile === 'embedded' ? 'Queue: unavailable' : 'Redis: unavailable');
    if (!s || state.storeDown) errors.push('PostgreSQL: unavailable');
    const stalledMs = storeWrites.oldestMs();
    if (stalledMs > STORE_STALL_MS) errors.push(`PostgreSQL: audit write unanswered for ${Math.round(stalledMs / 1000)} s`);
    if (cache.snapshot === null) errors.push('Rule cache: not loaded');
    const body = { status: errors.length === 0 ? 'healthy' : 'unhealthy', service: 'mutt-alerter', version: '2.5', pod, ...(errors.length ? { errors } : {}) };
    return { healthy: errors.length === 0, body };
  };
  // Duplicate-pod check (docs/decisions.md D7) before binding anything: a live duplicate must not even take the ports.
  await assertNotDuplicate(podDeps);
  const servers = [
    await startObservabilityServer(registry, health, { host: '0.0.0.0', port: config.alerterHealthPort, primary: true, logger }),
    await startObservabilityServer(registry, health, { host: '0.0.0.0', port: config.alerterMetricsPort, primary: false, logger }),
  ];
  const closeServers = async (): Promise<void> => { await Promise.all(servers.map((s) => s?.close())); };

  const unsubs: Unsubscribe[] = [];
  let loop: Promise<void> = Promise.resolve();
  try {
    // Initial load must succeed before consuming (I-12): back off 1, 2, 4 … 30 s.
    for (let delay = 1000; !(await cache.reload('startup')); delay = Math.min(delay * 2, 30_000)) await sleep(delay);
    const onNotice = (channel: string) => (msg: string): void => {
      logger.info(`Rule reload requested on ${channel}: ${msg.slice(0, 200)}`);
      void cache.reload(channel);
    };
    unsubs.push(await backends.pubsub.subscribe(keys.channels.rulesUpdates, onNotice(keys.channels.rulesUpdates)));
    unsubs.push(await backends.pubsub.subscribe(keys.channels.configReload, onNotice(keys.channels.configReload)));
    await recoverOwnList(podDeps);
    await backends.heartbeats.beat('alerter', pod, instanceId, config.heartbeatTtl);
    await runJanitor(podDeps);
  } catch (err) {
    for (const u of unsubs) await u().catch(() => undefined);
    await closeServers();
    throw err;
  }

  const every = (ms: number, fn: () => Promise<unknown>): void => {
    const t = setInterval(() => { if (!stopping) void fn().catch((e: unknown) => logger.error(String(e))); }, ms);
    t.unref();
    timers.add(t);
  };
  every(config.heartbeatInterval * 1000, () => backends.heartbeats.beat('alerter', pod, instanceId, config.heartbeatTtl));
  every(config.janitorInterval * 1000, () => runJanitor(podDeps));
  const scheduleReload = async (): Promise<void> => {
    const secs = await reloadIntervalSeconds(dyn, config);
    const t = setTimeout(() => {
      timers.delete(t);
      if (stopping) return;
      void cache.reload('periodic').finally(() => { if (!stopping) void scheduleReload(); });
    }, secs * 1000);
    t.unref();
    timers.add(t);
  };
  void scheduleReload();

  const deps: BatchDeps = {
    config, keys, queues, store: backends.store, storeHealthy: () => backends.storeHealthy(), unhandled: backends.unhandled,
    dyn, metrics, logger, throttle, overflowLog, pod, processing: keys.processing('alerter', pod), isStopping: () => stopping,
    setStoreDown: (down) => { state.storeDown = down; }, storeWrites, sleep,
  };
  loop = runWorkerLoop(config, cache, deps, state).catch((err: unknown) => logger.critical(`Alerter loop stopped: ${String(err)}`));
  logger.info(`Alerter started: pod=${pod} batch=${config.alerterBatchSize} rules=${cache.snapshot?.plan.rules.length ?? 0}`);

  return {
    name: 'alerter',
    async reload() {
      logger.warning('SIGHUP received. Triggering manual cache reload.');
      await cache.reload('SIGHUP');
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const t of timers) { clearTimeout(t); clearInterval(t); }
      timers.clear();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loop, new Promise<void>((r) => { timer = setTimeout(r, STOP_DEADLINE_MS); })]);
      clearTimeout(timer);
      for (const u of unsubs) await u().catch(() => undefined);
      const back = await queues.recover(keys.processing('alerter', pod), keys.ingestQueue).catch(() => 0);
      if (back > 0) logger.info(`Returned ${back} in-flight messages to ${keys.ingestQueue}`);
      await backends.heartbeats.remove('alerter', pod, instanceId).catch(() => undefined);
      await closeServers();
      logger.info('Shutdown complete.');
    },
  };
};
