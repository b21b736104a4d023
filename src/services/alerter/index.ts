// The Alerter service: loads rules, consumes the ingest queue in batches, audits, raises alerts and meta-alerts,
// sheds under backpressure. Pod lifecycle (guard, heartbeat, janitor, stop) is the worker-pod runtime's.
import type { RunningService, ServiceContext, StartService } from '../runtime/service-contract.js';
import type { HealthReport } from '../../observability/http-server.js';
import { createRegistry } from '../../observability/metrics.js';
import { registerDbPoolGauge } from '../../observability/db-pool-metric.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';
import { WorkerPod } from '../runtime/worker-pod.js';
import { createAlerterMetrics } from './alerter-metrics.js';
import { reloadIntervalSeconds } from './dynamic-settings.js';
import type { BatchDeps } from './execute-batch.js';
import { LogThrottle } from './log-throttle.js';
import { RuleCache } from './rule-cache.js';
import { UnhandledOverflowLog } from './unhandled-overflow-log.js';
import { runWorkerLoop, type LoopState } from './worker-loop.js';
import { STORE_STALL_MS, StoreWriteWatch } from './store-write-watch.js';
import { alerterHealth } from './alerter-health.js';

export { runRulesTest } from './run-rules-test.js';

export const startAlerter: StartService = async (ctx: ServiceContext): Promise<RunningService> => {
  const { config, backends, logger, podName: pod } = ctx;
  const { keys, queues } = backends;
  const registry = createRegistry('alerter');
  registerDbPoolGauge(registry, 'mutt-alerter', backends.sql, config.dbPoolMax);
  const metrics = createAlerterMetrics(registry);
  registerConfigReadMetric(registry, backends.configStore);
  const throttle = new LogThrottle(ctx.now);
  const cache = new RuleCache(backends.store, metrics, logger, { maxProgramSize: config.ruleRegexMaxProgramSize });
  const state: LoopState & { storeDown: boolean } = { queueDown: false, storeDown: false };
  const storeWrites = new StoreWriteWatch();
  const health = (): Promise<HealthReport> =>
    alerterHealth({ backends, pod, state, storeWrites, cache, stallMs: STORE_STALL_MS });

  const runtime = await WorkerPod.start(ctx, {
    role: 'alerter',
    service: 'alerter',
    registry,
    health,
    ports: { health: config.alerterHealthPort, metrics: config.alerterMetricsPort },
    returnList: (list) => queues.recover(list, keys.ingestQueue),
    janitor: {
      intervalSeconds: config.janitorInterval,
      recoveredLine: (n, list) => `Janitor: recovered ${n} messages from ${list}`,
      afterRun: async (n) => {
        if (n > 0) metrics.janitorRecovered.inc(n);
        metrics.dlqDepth.set(await queues.depth(keys.dlq('alerter')).catch(() => 0));
      },
    },
  });
  const { sleep } = runtime;
  try {
    // Initial load must succeed before consuming (I-12): back off 1, 2, 4 … 30 s.
    for (let delay = 1000; !(await cache.reload('startup')); delay = Math.min(delay * 2, 30_000)) await sleep(delay);
    for (const channel of [keys.channels.rulesUpdates, keys.channels.configReload]) {
      const unsubscribe = await backends.pubsub.subscribe(channel, (msg) => {
        logger.info(`Rule reload requested on ${channel}: ${msg.slice(0, 200)}`);
        void cache.reload(channel);
      });
      runtime.onStop(unsubscribe);
    }
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  const scheduleReload = async (): Promise<void> => {
    const secs = await reloadIntervalSeconds(backends.configStore, config);
    runtime.timers.after('rule-reload', secs * 1000, () => cache.reload('periodic').finally(scheduleReload));
  };
  void scheduleReload();

  const deps: BatchDeps = {
    config,
    keys,
    queues,
    store: backends.store,
    storeHealthy: () => backends.storeHealthy(),
    unhandled: backends.unhandled,
    dyn: backends.configStore,
    metrics,
    logger,
    throttle,
    overflowLog: new UnhandledOverflowLog(logger, throttle),
    pod,
    processing: runtime.processing,
    isStopping: () => runtime.signal.aborted,
    setStoreDown: (down) => {
      state.storeDown = down;
    },
    storeWrites,
    sleep,
  };
  runtime.run(
    runWorkerLoop(config, cache, deps, state).catch((err: unknown) => logger.critical(`Alerter loop stopped: ${String(err)}`)),
  );
  logger.info(`Alerter started: pod=${pod} batch=${config.alerterBatchSize} rules=${cache.snapshot?.plan.rules.length ?? 0}`);

  return {
    name: 'alerter',
    async reload() {
      logger.warning('SIGHUP received. Triggering manual cache reload.');
      await cache.reload('SIGHUP');
    },
    stop: () => runtime.stop(),
  };
};
