// node-postgres driver: survives server-side connection kills (as in a PostgreSQL restart) without crashing,
// keeps the server's error text, and rolls transactions back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient, type PgSqlClient } from '../../../src/adapters/sql/pg-client.js';
import { createTestDatabase, isRedisProfile, PG_ADMIN } from '../../helpers/backends.js';
import { pgConfigFor, recordingLogger, waitFor } from './sql-fixture.js';

describe.skipIf(!isRedisProfile)('createPgClient', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: PgSqlClient;
  const logger = recordingLogger();

  async function killBackends(): Promise<number> {
    const admin = new pg.Client(PG_ADMIN);
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ok: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [db.name],
      );
      return rows.length;
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('pgc');
    sql = createPgClient(pgConfigFor(db.name, { DB_POOL_MAX_CONN: '4', DB_PASS_CURRENT: 'not-logged-secret' }), logger);
  });
  afterAll(async () => {
    await sql?.close();
    await db?.drop();
  });

  it('idle connections killed by the server are logged, not thrown, and the pool recovers', async () => {
    await Promise.all([1, 2, 3].map(() => sql.query('SELECT pg_sleep(0.05)')));
    expect(sql.poolStats().idle).toBeGreaterThanOrEqual(1);
    expect(await killBackends()).toBeGreaterThanOrEqual(1);
    await waitFor(
      () => logger.lines.some((l) => l.level === 'ERROR' && /PostgreSQL connection error/.test(l.message)),
      10_000,
      'the pool error log',
    );
    const { rows } = await sql.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]?.one).toBe(1);
  });

  it('a connection killed inside a transaction rejects that transaction only', async () => {
    const p = sql.transaction(async (tx) => {
      await tx.query('CREATE TABLE t_kill (x int)');
      await killBackends();
      await tx.query('INSERT INTO t_kill VALUES (1)');
    });
    await expect(p).rejects.toThrow(/terminat/i);
    const { rows } = await sql.query<{ t: string | null }>("SELECT to_regclass('public.t_kill')::text AS t");
    expect(rows[0]?.t).toBeNull();
  });

  it('keeps the server error text and never logs the password', async () => {
    await expect(sql.query('SELECT * FROM no_such_table')).rejects.toThrow('relation "no_such_table" does not exist');
    expect(JSON.stringify(logger.lines)).not.toContain('not-logged-secret');
  });

  it('reports an unreachable server with the driver/server text', async () => {
    const bad = createPgClient(pgConfigFor(db.name, { DB_PORT: '1' }), recordingLogger());
    try {
      await expect(bad.ping()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await bad.close();
    }
  });
});
