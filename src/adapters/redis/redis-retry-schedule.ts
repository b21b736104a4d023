// Forwarder retries on Redis: ZSET `mutt:retry:moog` (score = due ms), lua/retrySchedule-2.lua and retryPromote-2.lua.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.js';
import type { RetrySchedule } from '../../ports/retry-schedule.js';
import { LUA_DIR } from './script-loader.js';

type Fn = (...args: (string | number)[]) => Promise<unknown>;

export function createRedisRetrySchedule(redis: Redis, keys: Keys): RetrySchedule {
  const tag = randomUUID().slice(0, 8);
  redis.defineCommand(`retrySchedule_${tag}`, { numberOfKeys: 2, lua: readFileSync(`${LUA_DIR}retrySchedule-2.lua`, 'utf8') });
  redis.defineCommand(`retryPromote_${tag}`, { numberOfKeys: 2, lua: readFileSync(`${LUA_DIR}retryPromote-2.lua`, 'utf8') });
  const cmds = redis as unknown as Record<string, Fn>;
  const schedule = cmds[`retrySchedule_${tag}`] as Fn;
  const promote = cmds[`retryPromote_${tag}`] as Fn;
  const zset = keys.retryMoog;
  return {
    async schedule(processing, retries) {
      if (retries.length === 0) return;
      const p = redis.pipeline();
      for (const r of retries) {
        (p as unknown as Record<string, Fn>)[`retrySchedule_${tag}`]?.call(p, processing, zset, r.claimed.receipt, r.body, Math.max(0, Math.round(r.delayMs)), randomUUID());
      }
      const res = await p.exec();
      for (const [err] of res ?? []) if (err) throw err;
    },
    async promoteDue(target, max) {
      const r = (await promote.call(redis, zset, target, max)) as [number, number];
      return Number(r[0]);
    },
    size: () => redis.zcard(zset),
    async nextDueInMs() {
      const r = (await promote.call(redis, zset, zset, 0)) as [number, number];
      return Number(r[1]) < 0 ? null : Number(r[1]);
    },
  };
}
