// Redis EventCounters: one Lua script does LLEN-check + LPUSH + INCRBY + EXPIRE, so one round trip per ingest request.
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.js';
import {
  BUCKET_TTL_SECONDS,
  bucketStamps,
  type BucketKind,
  type BucketStamps,
  type CountedPushResult,
  type EventCounters,
} from '../../ports/event-counters.js';
import type { ScriptRunner } from './script-loader.js';

const TTL_ARGS = [String(BUCKET_TTL_SECONDS['1m']), String(BUCKET_TTL_SECONDS['1h']), String(BUCKET_TTL_SECONDS['24h'])];

export function createRedisEventCounters(redis: Redis, scripts: ScriptRunner, keys: Keys): EventCounters {
  // bucketStamps() returns the same object for a whole minute, so the three key names are built once a minute.
  let lastStamps: BucketStamps | undefined;
  let bucketKeys: readonly string[] = [];

  return {
    async pushCounted(queue: string, messages: readonly string[], cap: number, at: Date): Promise<CountedPushResult> {
      const s = bucketStamps(at);
      if (s !== lastStamps) {
        bucketKeys = [keys.metricsBucket('1m', s['1m']), keys.metricsBucket('1h', s['1h']), keys.metricsBucket('24h', s['24h'])];
        lastStamps = s;
      }
      const args: (string | number)[] = [cap, TTL_ARGS[0]!, TTL_ARGS[1]!, TTL_ARGS[2]!];
      for (let i = 0; i < messages.length; i++) args.push(messages[i]!);
      const reply = (await scripts.run('ingestPush', [queue, bucketKeys[0]!, bucketKeys[1]!, bucketKeys[2]!], args)) as [
        number,
        number,
        number,
      ];
      return { accepted: reply[0] === 1, depth: reply[1], length: reply[2] };
    },
    async read(kind: BucketKind, stamps: readonly string[]): Promise<number[]> {
      if (stamps.length === 0) return [];
      const values = await redis.mget(...stamps.map((s) => keys.metricsBucket(kind, s)));
      return values.map((v) => (v === null ? 0 : Number(v)));
    },
  };
}
