// Isolated back ends for tests and benches. MUTT_TEST_PROFILE=embedded (default, PGlite in memory) or redis-postgres
// (the machine's Redis and PostgreSQL, isolated by a unique key prefix and a throwaway database).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createBackends } from '../../src/app/backends.js';
import { loadConfig, type Config } from '../../src/config/load.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Backends, Profile } from '../../src/ports/backends.js';

export const testProfile: Profile = process.env.MUTT_TEST_PROFILE === 'redis-postgres' ? 'redis-postgres' : 'embedded';
export const isRedisProfile = testProfile === 'redis-postgres';

export const PG_ADMIN = {
  host: process.env.TEST_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.TEST_PG_PORT ?? 5432),
  user: process.env.TEST_PG_USER ?? 'postgres',
  database: process.env.TEST_PG_DATABASE ?? 'test',
};

export function uniqueName(tag: string): string {
  return `mutt_t_${tag}_${randomBytes(4).toString('hex')}`;
}

export async function createTestDatabase(tag = 'db'): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = uniqueName(tag);
  const admin = new pg.Client(PG_ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    drop: async () => {
      const c = new pg.Client(PG_ADMIN);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK), whatever its type. Returns how many. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  if (prefix.length === 0) throw new Error('refusing to delete Redis keys without a test prefix');
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}

/** Env that points a process (or loadConfig) at the machine's Redis and PostgreSQL, isolated by prefix and database. */
export function redisPostgresEnv(prefix: string, dbName: string): Record<string, string> {
  return {
    MUTT_PROFILE: 'redis-postgres',
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: '6379',
    REDIS_KEY_PREFIX: prefix,
    DB_HOST: PG_ADMIN.host,
    DB_PORT: String(PG_ADMIN.port),
    DB_USER: PG_ADMIN.user,
    DB_NAME: dbName,
  };
}

export interface TestBackends {
  readonly backends: Backends;
  readonly config: Config;
  /** Env that reproduces this isolated setup in a child process (`mutt alerter`, …). */
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Isolated back ends for one test file. `extraEnv` overrides config variables. */
export async function createTestBackends(extraEnv: Record<string, string> = {}): Promise<TestBackends> {
  if (testProfile === 'embedded') {
    const env = { MUTT_PROFILE: 'embedded', MUTT_DATA_DIR: 'memory://', ...extraEnv };
    const config = loadConfig(env);
    const backends = await createBackends(config, silentLogger(), { profile: 'embedded' });
    return { backends, config, env, cleanup: () => backends.close() };
  }
  const db = await createTestDatabase();
  const prefix = `${uniqueName('k')}:`;
  const env = { ...redisPostgresEnv(prefix, db.name), ...extraEnv };
  const config = loadConfig(env);
  const backends = await createBackends(config, silentLogger(), { profile: 'redis-postgres', migrateOnStart: true });
  return {
    backends,
    config,
    env,
    cleanup: async () => {
      await backends.close();
      await deleteRedisKeys(prefix);
      await db.drop();
    },
  };
}
