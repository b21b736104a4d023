// Production coordination back end: Queues, PubSub, Heartbeats and RateLimiter on Redis.
import type { Redis } from 'ioredis';
import type { Config } from '../../config/load.js';
import type { Keys } from '../../core/keys.js';
import type { Logger } from '../../observability/logger.js';
import type { CoordinationBackends } from '../../ports/backends.js';
import { BlockingPool } from './blocking-pool.js';
import { closeRedisClient, createRedisClient } from './connection.js';
import { createRedisCircuitStore } from './redis-circuit-store.js';
import { createRedisConfigStore } from './redis-config-store.js';
import { createRedisEventCounters } from './redis-event-counters.js';
import { RedisHeartbeats } from './redis-heartbeats.js';
import { RedisPubSub } from './redis-pubsub.js';
import { RedisQueues } from './redis-queues.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { createRedisRetrySchedule } from './redis-retry-schedule.js';
import { createRedisUnhandledCounter } from './redis-unhandled-counter.js';
import { RedisCredentials } from './redis-credentials.js';
import { loadScripts } from './script-loader.js';

export { createRedisClient, closeRedisClient } from './connection.js';

const HEALTH_TIMEOUT_MS = 1_000;

/** PING with a short deadline; false while disconnected instead of waiting for a reconnect. */
export async function pingRedis(redis: Redis, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      redis.ping().then(
        (r) => r === 'PONG',
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createRedisBackends(
  config: Config,
  keys: Keys,
  logger: Logger,
): Promise<
  CoordinationBackends & {
    readonly redis: Redis;
    rotatePasswords(current: string | undefined, next: string | undefined): Promise<void>;
  }
> {
  const log = logger.child({ component: 'redis' });
  const credentials = new RedisCredentials(config.redisPassCurrent, config.redisPassNext);
  const redis = await createRedisClient(config, log, { role: 'command', credentials });
  const scripts = loadScripts(redis);
  // Extra connections start with the password that last worked (set by the command connection or a rotation).
  const open = (role: 'blocking' | 'subscriber') => () =>
    createRedisClient(config, log, { role, password: credentials.active, credentials });
  // Budget: command + subscriber + blocking waiters within REDIS_MAX_CONNECTIONS.
  const blocking = new BlockingPool(
    open('blocking'),
    Math.max(1, config.redisMaxConnections - 2),
    config.redisSocketTimeout * 1000,
  );
  const pubsub = new RedisPubSub(redis, open('subscriber'), log);
  const configStore = await createRedisConfigStore({
    redis,
    pubsub,
    keys,
    cacheTtlMs: config.dynamicConfigCacheTtl * 1000,
    dynamicReads: config.dynamicConfigEnabled,
    warn: (message) => log.warning(message),
  }).catch(async (err: unknown) => {
    await pubsub.close();
    await closeRedisClient(redis);
    throw err;
  });
  let closed = false;
  return {
    redis,
    queues: new RedisQueues(redis, scripts, blocking),
    pubsub,
    heartbeats: new RedisHeartbeats(redis, scripts, keys),
    rateLimiter: new RedisRateLimiter(redis, scripts),
    circuit: createRedisCircuitStore(scripts, keys),
    retrySchedule: createRedisRetrySchedule(redis, scripts, keys),
    configStore,
    eventCounters: createRedisEventCounters(redis, scripts, keys),
    unhandled: createRedisUnhandledCounter(redis, scripts, keys),
    queueHealthy: () => pingRedis(redis),
    rotatePasswords: (current, next) => credentials.rotate(current, next, redis, log),
    close: async () => {
      if (closed) return;
      closed = true;
      blocking.close();
      await configStore.close();
      await pubsub.close();
      await closeRedisClient(redis);
    },
  };
}
