// Unhandled counters on Redis: one EVALSHA per hit, pipelined so a batch costs one round trip.
import { existsSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.js';
import { UNHANDLED_SAMPLE_LIMIT, type UnhandledCounter, type UnhandledHit } from '../../ports/unhandled-counter.js';
import { LUA_DIR } from './script-loader.js';

const SCRIPT = 'unhandledIncrement';
const SCRIPT_PATH = `${LUA_DIR}${SCRIPT}-2.lua`;

export function readUnhandledScript(): string {
  if (!existsSync(SCRIPT_PATH)) throw new Error(`Redis Lua script missing: ${SCRIPT_PATH}`);
  return readFileSync(SCRIPT_PATH, 'utf8');
}

type Pipe = ReturnType<Redis['pipeline']> & Record<string, (...args: (string | number)[]) => unknown>;

export function createRedisUnhandledCounter(redis: Redis, keys: Keys, source = readUnhandledScript()): UnhandledCounter {
  redis.defineCommand(SCRIPT, { numberOfKeys: 2, lua: source });
  return {
    async record(hits: readonly UnhandledHit[], threshold: number, windowSeconds: number): Promise<boolean[]> {
      if (hits.length === 0 || threshold <= 0) return hits.map(() => false);
      const now = new Date().toISOString();
      const pipe = redis.pipeline() as Pipe;
      for (const h of hits) {
        const fn = pipe[SCRIPT] as (...args: (string | number)[]) => unknown;
        fn.call(
          pipe,
          keys.unhandled(h.hostname, h.signature),
          keys.unhandledTriggered(h.hostname, h.signature),
          threshold,
          windowSeconds,
          h.hostname,
          h.signature,
          now,
          h.correlationId,
          h.sample.slice(0, UNHANDLED_SAMPLE_LIMIT),
        );
      }
      const results = (await pipe.exec()) ?? [];
      return results.map(([err, v]) => {
        if (err) throw err;
        return Number(v) === 1;
      });
    },
  };
}
