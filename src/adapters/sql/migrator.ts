// Numbered, append-only SQL migrations (docs/decisions.md D15). Ledger schema_migrations(version, name, checksum, applied_at);
// each file runs in its own transaction under a transaction-scoped advisory lock, so concurrent `mutt migrate`
// runs serialise and a failure never leaves a session lock behind on a pooled connection.
import { createHash } from 'node:crypto';
import { MuttError } from '../../core/errors.js';
import { MIGRATION_SOURCES } from '../../generated/migrations.js';
import type { Logger } from '../../observability/logger.js';
import type { SqlClient, SqlExecutor } from '../../ports/sql.js';

/** Arbitrary constant key for pg_advisory_xact_lock ("MUTT" in ASCII). */
const MIGRATION_LOCK_KEY = 0x4d555454;
const FILE_RE = /^(\d{3,})_([A-Za-z0-9_-]+)\.sql$/;

export interface MigrationFile {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

interface LedgerRow {
  version: string;
  name: string;
  checksum: string;
}

/** One migration from its file name and text; the checksum is the ledger's guard against edits. */
export function migrationFile(file: string, sql: string): MigrationFile {
  const m = FILE_RE.exec(file);
  if (!m) throw new Error(`Migration file name ${file} must look like 001_name.sql`);
  return { version: m[1] as string, name: m[2] as string, checksum: createHash('sha256').update(sql).digest('hex'), sql };
}

/** The migrations/*.sql embedded at build time (scripts/embed-assets.mjs), in order. */
export function loadMigrationFiles(): MigrationFile[] {
  return MIGRATION_SOURCES.map((s) => migrationFile(s.file, s.sql));
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

function checkLedger(files: readonly MigrationFile[], ledger: readonly LedgerRow[]): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of ledger) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MuttError(
        'MUTT_SCHEMA_NOT_CURRENT',
        `Database schema is newer than this MUTT build: migration ${row.version}_${row.name} is unknown here. Upgrade MUTT before running \`mutt migrate\` or starting services.`,
        { version: row.version },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MuttError(
        'MUTT_SCHEMA_NOT_CURRENT',
        `Migration ${row.version}_${row.name} was changed after it was applied (checksum mismatch); migrations are append-only. Restore the file, then run \`mutt migrate\`.`,
        { version: row.version },
      );
    }
  }
}

async function applyNext(tx: SqlExecutor, files: readonly MigrationFile[]): Promise<MigrationFile | null> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await tx.query(LEDGER_DDL);
  const { rows } = await tx.query<LedgerRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  checkLedger(files, rows);
  const applied = new Set(rows.map((r) => r.version));
  const next = files.find((f) => !applied.has(f.version));
  if (!next) return null;
  await tx.query(next.sql);
  await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
    next.version,
    next.name,
    next.checksum,
  ]);
  return next;
}

/** Applies pending migrations in order; idempotent. */
export async function migrate(
  sql: SqlClient,
  logger: Logger,
  files: readonly MigrationFile[] = loadMigrationFiles(),
): Promise<{ applied: string[] }> {
  const applied: string[] = [];
  for (;;) {
    const done = await sql.transaction((tx) => applyNext(tx, files));
    if (!done) break;
    const label = `${done.version}_${done.name}`;
    applied.push(label);
    logger.info(`Applied migration ${label}`);
  }
  if (applied.length === 0) logger.debug('Database schema is current');
  return { applied };
}

/** Refuses to run against a missing, behind or newer schema; the message names `mutt migrate`. */
export async function assertSchemaCurrent(sql: SqlClient, files: readonly MigrationFile[] = loadMigrationFiles()): Promise<void> {
  const { rows: reg } = await sql.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS t");
  if (!reg[0]?.t) {
    throw new MuttError(
      'MUTT_SCHEMA_NOT_CURRENT',
      'Database schema is missing (no schema_migrations table): run `mutt migrate` first.',
    );
  }
  const { rows } = await sql.query<LedgerRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  checkLedger(files, rows);
  const applied = new Set(rows.map((r) => r.version));
  const pending = files.filter((f) => !applied.has(f.version)).map((f) => `${f.version}_${f.name}`);
  if (pending.length > 0) {
    throw new MuttError(
      'MUTT_SCHEMA_NOT_CURRENT',
      `Database schema is behind: ${pending.length} pending migration(s) (${pending.join(', ')}). Run \`mutt migrate\`.`,
      {
        pending,
      },
    );
  }
}

/** Pre-creates event_audit_log month partitions (previous, current and monthsAhead more); returns how many were created. */
export async function ensurePartitions(sql: SqlClient, monthsAhead = 3): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT ensure_event_audit_partitions($1::int) AS n', [monthsAhead]);
  return Number(rows[0]?.n ?? 0);
}
