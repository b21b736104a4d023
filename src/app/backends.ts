// Composition root for back ends: picks the profile's adapters. Services only ever see the ports.
import { createRedisBackends } from '../adapters/redis/index.js';
import { createEmbeddedBackends } from '../adapters/embedded/index.js';
import { createMoogClient } from '../adapters/moog/moog-client.js';
import { createPgClient } from '../adapters/sql/pg-client.js';
import { openPglite } from '../adapters/sql/pglite-client.js';
import { assertSchemaCurrent, migrate } from '../adapters/sql/migrator.js';
import { createSqlStore } from '../adapters/sql/store.js';
import type { Config } from '../config/load.js';
import { resolveProfile } from '../config/load.js';
import { createKeys, type Keys } from '../core/keys.js';
import { lockDataDir } from './embedded-lock.js';
import type { Logger } from '../observability/logger.js';
import type { BackendCredentials, Backends, CoordinationBackends, Profile } from '../ports/backends.js';
import type { SqlClient } from '../ports/sql.js';

export interface BackendOptions {
  /** Single-service commands always use redis-postgres (docs/decisions.md D13). */
  profile?: Profile;
  /** Embedded start migrates itself; production services only check the schema. */
  migrateOnStart?: boolean;
}

export async function createBackends(config: Config, logger: Logger, opts: BackendOptions = {}): Promise<Backends> {
  const profile = opts.profile ?? resolveProfile(config);
  const keys = createKeys({
    prefix: config.redisKeyPrefix,
    ingestQueue: config.ingestQueueName,
    metricsPrefix: config.metricsPrefix,
  });
  if (profile === 'embedded') {
    const release = config.dataDir.startsWith('memory://') ? () => undefined : lockDataDir(config.dataDir);
    try {
      const { client: sql, db } = await openPglite(config.dataDir, logger);
      await migrate(sql, logger);
      const backends = assemble(
        profile,
        keys,
        sql,
        await createEmbeddedBackends(db, sql, keys, config, logger),
        async () => undefined,
      );
      return { ...backends, close: () => backends.close().finally(release) };
    } catch (err) {
      release();
      throw err;
    }
  }
  const sql = createPgClient(config, logger);
  if (opts.migrateOnStart) await migrate(sql, logger);
  else await assertSchemaCurrent(sql);
  const redis = await createRedisBackends(config, keys, logger);
  const rotate = async (c: BackendCredentials): Promise<void> => {
    sql.rotateCredentials({ user: c.dbUser, current: c.dbPassCurrent, next: c.dbPassNext });
    await redis.rotatePasswords(c.redisPassCurrent, c.redisPassNext);
  };
  return assemble(profile, keys, sql, redis, rotate);
}

function assemble(
  profile: Profile,
  keys: Keys,
  sql: SqlClient,
  coordination: CoordinationBackends,
  rotateCredentials: Backends['rotateCredentials'],
): Backends {
  return {
    ...coordination,
    profile,
    keys,
    sql,
    rotateCredentials,
    moog: createMoogClient,
    store: createSqlStore(sql),
    storeHealthy: () =>
      sql.ping().then(
        () => true,
        () => false,
      ),
    // Reverse order of opening: queues and coordination first, then the database they may still be writing to.
    close: async () => {
      await coordination.close();
      await sql.close();
    },
  };
}
