import { afterEach, describe, expect, it } from 'vitest';
import { assertSchemaCurrent, loadMigrationFiles, migrate, migrationFile } from '../../../src/adapters/sql/migrator.js';
import { createPgClient } from '../../../src/adapters/sql/pg-client.js';
import { MuttError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { isRedisProfile } from '../../helpers/backends.js';
import { openSqlFixture, pgConfigFor, type SqlFixture } from './sql-fixture.js';

const fixtures: SqlFixture[] = [];
async function open(migrated: boolean): Promise<SqlFixture> {
  const f = await openSqlFixture({ migrated });
  fixtures.push(f);
  return f;
}
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.cleanup();
});

async function schemaError(p: Promise<unknown>): Promise<MuttError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MuttError);
  expect((err as MuttError).code).toBe('MUTT_SCHEMA_NOT_CURRENT');
  expect((err as MuttError).message).toContain('mutt migrate');
  return err as MuttError;
}

describe('migrator', () => {
  it('applies every migration once, records checksums, and is idempotent', async () => {
    const { sql } = await open(false);
    const files = loadMigrationFiles();
    const first = await migrate(sql, silentLogger());
    expect(first.applied).toEqual(files.map((f) => `${f.version}_${f.name}`));
    const second = await migrate(sql, silentLogger());
    expect(second.applied).toEqual([]);
    const { rows } = await sql.query<{ version: string; name: string; checksum: string; applied_at: Date }>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => [r.version, r.name, r.checksum])).toEqual(files.map((f) => [f.version, f.name, f.checksum]));
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.applied_at).toBeInstanceOf(Date);
    }
    await assertSchemaCurrent(sql);
  });

  it('refuses a missing schema', async () => {
    const { sql } = await open(false);
    const err = await schemaError(assertSchemaCurrent(sql));
    expect(err.message).toMatch(/missing/);
  });

  it('refuses a schema that is behind the code', async () => {
    const { sql } = await open(true);
    const future = [
      ...loadMigrationFiles(),
      migrationFile('999_future_column.sql', 'ALTER TABLE dev_hosts ADD COLUMN IF NOT EXISTS note TEXT;\n'),
    ];
    const err = await schemaError(assertSchemaCurrent(sql, future));
    expect(err.message).toMatch(/behind.*999_future_column/);
    expect((await migrate(sql, silentLogger(), future)).applied).toEqual(['999_future_column']);
    await assertSchemaCurrent(sql, future);
    // ...and that same database is now NEWER than the shipped migrations: refuse to start and refuse to migrate.
    const newer = await schemaError(assertSchemaCurrent(sql));
    expect(newer.message).toMatch(/newer/);
    await schemaError(migrate(sql, silentLogger()));
  });

  it('refuses an applied migration whose file changed (checksum mismatch)', async () => {
    const { sql } = await open(true);
    await sql.query("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = '001'");
    const err = await schemaError(assertSchemaCurrent(sql));
    expect(err.message).toMatch(/checksum/);
    await schemaError(migrate(sql, silentLogger()));
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const { sql } = await open(true);
    const broken = [
      ...loadMigrationFiles(),
      migrationFile('998_broken.sql', 'CREATE TABLE half_done (x int);\nSELECT no_such_function();\n'),
    ];
    await expect(migrate(sql, silentLogger(), broken)).rejects.toThrow(/no_such_function/);
    const { rows } = await sql.query<{ t: string | null }>("SELECT to_regclass('public.half_done')::text AS t");
    expect(rows[0]?.t).toBeNull();
    const ledger = await sql.query("SELECT 1 FROM schema_migrations WHERE version = '998'");
    expect(ledger.rowCount).toBe(0);
  });

  it.skipIf(!isRedisProfile)('serialises concurrent migrate runs with the advisory lock', async () => {
    const f = await open(false);
    const clients = [0, 1, 2].map(() => createPgClient(pgConfigFor(f.dbName as string), silentLogger()));
    try {
      const results = await Promise.all(clients.map((c) => migrate(c, silentLogger())));
      const all = results.flatMap((r) => r.applied).sort();
      expect(all).toEqual(
        loadMigrationFiles()
          .map((m) => `${m.version}_${m.name}`)
          .sort(),
      );
      await assertSchemaCurrent(f.sql);
    } finally {
      for (const c of clients) await c.close();
    }
  });
});
