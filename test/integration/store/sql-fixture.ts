// A fresh SqlClient for the active test profile: PGlite in memory (embedded) or a throwaway PostgreSQL
// database (redis-postgres). Tests the SQL layer directly, independent of the coordination adapters.
import { loadConfig } from '../../../src/config/load.js';
import { createPgClient } from '../../../src/adapters/sql/pg-client.js';
import { openPglite } from '../../../src/adapters/sql/pglite-client.js';
import { migrate } from '../../../src/adapters/sql/migrator.js';
import type { Fields, Logger } from '../../../src/observability/logger.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { SqlClient } from '../../../src/ports/sql.js';
import { createTestDatabase, isRedisProfile, PG_ADMIN } from '../../helpers/backends.js';
import { captureLogger } from '../../helpers/capture-logger.js';

export interface SqlFixture {
  readonly sql: SqlClient;
  /** Only for redis-postgres: the throwaway database's name. */
  readonly dbName?: string;
  cleanup(): Promise<void>;
}

export function pgConfigFor(dbName: string, extra: Record<string, string> = {}) {
  return loadConfig({
    MUTT_PROFILE: 'redis-postgres',
    DB_HOST: PG_ADMIN.host,
    DB_PORT: String(PG_ADMIN.port),
    DB_USER: PG_ADMIN.user,
    DB_NAME: dbName,
    ...extra,
  });
}

/** Opens an empty database; `migrated` applies the migrations first. */
export async function openSqlFixture(opts: { migrated?: boolean; logger?: Logger } = {}): Promise<SqlFixture> {
  const logger = opts.logger ?? silentLogger();
  let fixture: SqlFixture;
  if (isRedisProfile) {
    const db = await createTestDatabase('sql');
    const sql = createPgClient(pgConfigFor(db.name), logger);
    fixture = {
      sql,
      dbName: db.name,
      cleanup: async () => {
        await sql.close();
        await db.drop();
      },
    };
  } else {
    const { client } = await openPglite('memory://', logger);
    fixture = { sql: client, cleanup: () => client.close() };
  }
  if (opts.migrated !== false) {
    try {
      await migrate(fixture.sql, logger);
    } catch (err) {
      await fixture.cleanup();
      throw err;
    }
  }
  return fixture;
}

/** A Logger that records lines, for asserting on warnings/errors. */
export const recordingLogger = captureLogger;

/** Polls `cond` until true or the deadline passes. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
