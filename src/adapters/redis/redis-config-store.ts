// Dynamic config on Redis: values in `mutt:config:<key>` (plain strings, so `redis-cli GET` works),
// a capped per-key history list in `mutt:config_history:<key>`, notifications on `mutt:config:updates`.
import type { Redis } from 'ioredis';
import { ConfigCache } from '../../core/dynamic-config/config-cache.js';
import { createTypedRead } from '../../core/dynamic-config/typed-read.js';
import type { Keys } from '../../core/keys.js';
import type { ConfigHistoryEntry, ConfigStore, ConfigWriteOptions } from '../../ports/config-store.js';
import type { PubSub, Unsubscribe } from '../../ports/pubsub.js';

const HISTORY_CAP = 100;
const RESERVED = new Set(['updates']);

export interface RedisConfigStoreOptions {
  readonly redis: Redis;
  readonly pubsub: PubSub;
  readonly keys: Keys;
  /** Local cache TTL (DYNAMIC_CONFIG_CACHE_TTL). */
  readonly cacheTtlMs: number;
  /** DYNAMIC_CONFIG_ENABLED: false makes `read` answer the env value. */
  readonly dynamicReads: boolean;
  readonly warn: (message: string) => void;
}

export async function createRedisConfigStore(opts: RedisConfigStoreOptions): Promise<ConfigStore> {
  const { redis, keys, pubsub } = opts;
  const load = async (key: string): Promise<string | null> => {
    const v = await redis.get(keys.config(key));
    return v === null || v === '' ? null : v;
  };
  const cache = new ConfigCache({ ttlMs: opts.cacheTtlMs, load });
  const typed = createTypedRead({ get: (key) => cache.get(key), enabled: opts.dynamicReads, warn: opts.warn });
  const unsubscribe: Unsubscribe = await pubsub.subscribe(keys.channels.configUpdates, (msg) => cache.invalidate(msg));

  async function record(entry: ConfigHistoryEntry): Promise<void> {
    const k = keys.configHistory(entry.key);
    await redis
      .multi()
      .lpush(k, JSON.stringify(entry))
      .ltrim(k, 0, HISTORY_CAP - 1)
      .exec();
  }

  return {
    get: load,
    async getAll() {
      const out: Record<string, string> = {};
      const prefix = keys.configPrefix;
      let cursor = '0';
      const names: string[] = [];
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 100);
        cursor = next;
        names.push(...batch);
      } while (cursor !== '0');
      const wanted = names.map((n) => n.slice(prefix.length)).filter((k) => !RESERVED.has(k) && !k.includes(':'));
      if (wanted.length === 0) return out;
      // Non-string keys under the prefix (a stray hash) make MGET return null for that slot; they are skipped.
      const values = await redis.mget(...wanted.map((k) => keys.config(k)));
      wanted.forEach((k, i) => {
        const v = values[i];
        if (typeof v === 'string') out[k] = v;
      });
      return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
    },
    async set(key: string, value: string, o: ConfigWriteOptions = {}) {
      const old = await redis.set(keys.config(key), value, 'GET');
      cache.set(key, value === '' ? null : value);
      await record({
        key,
        at: new Date().toISOString(),
        operation: 'SET',
        oldValue: old,
        newValue: value,
        changedBy: o.changedBy ?? 'unknown',
      });
      if (o.publish !== false) await pubsub.publish(keys.channels.configUpdates, key);
      return { oldValue: old };
    },
    async delete(key: string, o: ConfigWriteOptions = {}) {
      const old = await redis.getdel(keys.config(key));
      cache.set(key, null);
      if (old === null) return { oldValue: null };
      await record({
        key,
        at: new Date().toISOString(),
        operation: 'DELETE',
        oldValue: old,
        newValue: null,
        changedBy: o.changedBy ?? 'unknown',
      });
      if (o.publish !== false) await pubsub.publish(keys.channels.configUpdates, key);
      return { oldValue: old };
    },
    async history(key: string, limit = HISTORY_CAP) {
      const rows = await redis.lrange(keys.configHistory(key), 0, Math.max(0, Math.min(limit, HISTORY_CAP) - 1));
      return rows.map((r) => JSON.parse(r) as ConfigHistoryEntry);
    },
    cachedGet: (key) => cache.get(key),
    read: (key, fallback) => typed.read(key, fallback),
    readFaults: () => typed.faults(),
    onChange: (handler) => cache.onChange(handler),
    async close() {
      await unsubscribe();
    },
  };
}
