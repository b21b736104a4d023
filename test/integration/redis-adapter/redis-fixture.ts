// Redis adapter fixture: real Redis on 127.0.0.1:6379, isolated by a unique key prefix, all keys deleted after.
import { Redis } from 'ioredis';
import { createRedisBackends } from '../../../src/adapters/redis/index.js';
import { loadConfig, type Config } from '../../../src/config/load.js';
import { createKeys, type Keys } from '../../../src/core/keys.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { CoordinationBackends } from '../../../src/ports/backends.js';
import { deleteRedisKeys, uniqueName } from '../../helpers/backends.js';

export type RedisAdapter = CoordinationBackends & { readonly redis: Redis };

export interface RedisFixture {
  readonly prefix: string;
  readonly keys: Keys;
  readonly config: Config;
  readonly backends: RedisAdapter;
  /** Opens one more independent adapter on the same prefix (a second process, in effect). */
  another(): Promise<RedisAdapter>;
  cleanup(): Promise<void>;
}

export async function openRedisFixture(extraEnv: Record<string, string> = {}): Promise<RedisFixture> {
  const prefix = `${uniqueName('redis')}:`;
  const config = loadConfig({ REDIS_HOST: '127.0.0.1', REDIS_PORT: '6379', REDIS_KEY_PREFIX: prefix, ...extraEnv });
  const keys = createKeys({ prefix });
  const opened: RedisAdapter[] = [];
  const open = async (): Promise<RedisAdapter> => {
    const b = await createRedisBackends(config, keys, silentLogger());
    opened.push(b);
    return b;
  };
  const backends = await open();
  return {
    prefix,
    keys,
    config,
    backends,
    another: open,
    cleanup: async () => {
      for (const b of opened) await b.close();
      await deleteRedisKeys(prefix);
    },
  };
}

/** Polls `check` until it returns true or the deadline passes (no fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
