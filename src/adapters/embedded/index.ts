// The embedded profile's coordination back end: durable queues in PGlite, the rest in process memory
// (one Node process runs every service, so nothing else needs to see pub/sub, heartbeats or rate windows).
import type { PGlite } from '@electric-sql/pglite';
import type { Config } from '../../config/load.js';
import type { Keys } from '../../core/keys.js';
import type { Logger } from '../../observability/logger.js';
import type { CoordinationBackends } from '../../ports/backends.js';
import type { SqlClient } from '../../ports/sql.js';
import { createEmbeddedCircuitStore } from './embedded-circuit-store.js';
import { createEmbeddedConfigStore } from './embedded-config-store.js';
import { createEmbeddedEventCounters } from './embedded-event-counters.js';
import { EmbeddedHeartbeats } from './embedded-heartbeats.js';
import { EmbeddedPubSub } from './embedded-pubsub.js';
import { EmbeddedQueues } from './embedded-queues.js';
import { EmbeddedRateLimiter } from './embedded-rate-limiter.js';
import { createEmbeddedRetrySchedule } from './embedded-retry-schedule.js';
import { EmbeddedUnhandledCounter } from './embedded-unhandled-counter.js';
import { ensureEmbeddedSchema } from './schema.js';

export { EmbeddedQueues } from './embedded-queues.js';
export { ensureEmbeddedSchema } from './schema.js';

const SWEEP_INTERVAL_MS = 60_000;

export async function createEmbeddedBackends(
  db: PGlite,
  sql: SqlClient,
  keys: Keys,
  config: Config,
  logger: Logger,
): Promise<CoordinationBackends> {
  await ensureEmbeddedSchema(db);
  const queues = new EmbeddedQueues(db, {
    onMaintenanceError: (err) =>
      logger.warning('Embedded queue maintenance (VACUUM) failed', { error: err instanceof Error ? err.message : String(err) }),
  });
  const pubsub = new EmbeddedPubSub(logger.child({ component: 'embedded-pubsub' }));
  const heartbeats = new EmbeddedHeartbeats();
  const rateLimiter = new EmbeddedRateLimiter();
  const configStore = await createEmbeddedConfigStore({
    sql,
    pubsub,
    keys,
    cacheTtlMs: config.dynamicConfigCacheTtl * 1000,
    dynamicReads: config.dynamicConfigEnabled,
    warn: (message) => logger.warning(message),
  });
  const sweeper = setInterval(() => {
    heartbeats.sweep();
    rateLimiter.sweep();
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    queues,
    pubsub,
    heartbeats,
    rateLimiter,
    circuit: createEmbeddedCircuitStore(),
    retrySchedule: createEmbeddedRetrySchedule(queues, keys.retryMoog),
    configStore,
    eventCounters: createEmbeddedEventCounters(queues),
    unhandled: new EmbeddedUnhandledCounter(),
    queueHealthy: () =>
      sql.ping().then(
        () => true,
        () => false,
      ),
    close: async () => {
      clearInterval(sweeper);
      await configStore.close();
      await queues.close();
      pubsub.close();
    },
  };
}
