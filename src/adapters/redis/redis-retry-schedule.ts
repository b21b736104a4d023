// Forwarder retries on Redis: ZSET `mutt:retry:moog` (score = due ms), lua/retrySchedule-2.lua and retryPromote-2.lua.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.js';
import type { RetrySchedule } from '../../ports/retry-schedule.js';
import type { ScriptRunner } from './script-loader.js';

export function createRedisRetrySchedule(redis: Redis, scripts: ScriptRunner, keys: Keys): RetrySchedule {
  const zset = keys.retryMoog;
  return {
    async schedule(processing, retries) {
      if (retries.length === 0) return;
      const p = redis.pipeline();
      for (const r of retries) {
        scripts.queue(
          p,
          'retrySchedule',
          [processing, zset],
          [r.claimed.receipt, r.body, Math.max(0, Math.round(r.delayMs)), randomUUID()],
        );
      }
      const res = await p.exec();
      for (const [err] of res ?? []) if (err) throw err;
    },
    async promoteDue(target, max) {
      const r = (await scripts.run('retryPromote', [zset, target], [max])) as [number, number];
      return Number(r[0]);
    },
    size: () => redis.zcard(zset),
    async nextDueInMs() {
      const r = (await scripts.run('retryPromote', [zset, zset], [0])) as [number, number];
      return Number(r[1]) < 0 ? null : Number(r[1]);
    },
  };
}
