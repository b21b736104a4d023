// Unhandled counters on Redis: one EVALSHA per hit, pipelined so a batch costs one round trip. The cap is enforced
// inside the script against one ZSET of live signatures, so any number of alerters share one bound.
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.js';
import {
  UNHANDLED_SAMPLE_LIMIT,
  type UnhandledCounter,
  type UnhandledHit,
  type UnhandledLimits,
  type UnhandledOutcome,
} from '../../ports/unhandled-counter.js';
import type { ScriptRunner } from './script-loader.js';

const OUTCOMES: readonly UnhandledOutcome[] = ['counted', 'fired', 'overflow', 'suppressed', 'disabled'];

export function createRedisUnhandledCounter(
  redis: Redis,
  scripts: ScriptRunner,
  keys: Keys,
  now: () => number = Date.now,
): UnhandledCounter {
  return {
    async record(hits: readonly UnhandledHit[], limits: UnhandledLimits): Promise<UnhandledOutcome[]> {
      if (hits.length === 0 || limits.threshold <= 0) return hits.map(() => 'disabled');
      const nowMs = now();
      const iso = new Date(nowMs).toISOString();
      const pipe = redis.pipeline();
      for (const h of hits) {
        scripts.queue(
          pipe,
          'unhandledIncrement',
          [keys.unhandled(h.hostname, h.signature), keys.unhandledTriggered(h.hostname, h.signature), keys.unhandledIndex],
          [
            limits.threshold,
            limits.windowSeconds,
            h.hostname,
            h.signature,
            iso,
            h.correlationId,
            h.sample.slice(0, UNHANDLED_SAMPLE_LIMIT),
            nowMs,
            limits.maxSignatures,
          ],
        );
      }
      const results = (await pipe.exec()) ?? [];
      return results.map(([err, v]) => {
        if (err) throw err;
        const outcome = OUTCOMES[Number(v)];
        if (outcome === undefined) throw new Error(`unhandledIncrement returned ${String(v)}`);
        return outcome;
      });
    },
    async trackedSignatures(): Promise<number> {
      return redis.zcount(keys.unhandledIndex, `(${now()}`, '+inf');
    },
  };
}
