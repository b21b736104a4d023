// SqlClient over PGlite (embedded profile). One PGlite instance is one backend: PGlite's own mutex
// serialises queries and transactions. Durable mode (no relaxedDurability) so acknowledged writes survive kill -9.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Logger } from '../../observability/logger.js';
import type { SqlClient, SqlExecutor, SqlResult } from '../../ports/sql.js';

export const MEMORY_DATA_DIR = 'memory://';

type Runner = Pick<Transaction, 'query' | 'exec'>;

function toResult<T>(r: Results<T>): SqlResult<T> {
  return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
}

// Like node-postgres: without parameters the text goes through the simple protocol (multi-statement scripts work).
async function run<T>(runner: Runner, text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
  if (params === undefined || params.length === 0) {
    const results = await runner.exec(text);
    const last = results[results.length - 1];
    return last ? toResult(last as Results<T>) : { rows: [], rowCount: 0 };
  }
  return toResult(await runner.query<T>(text, [...params]));
}

export async function openPglite(dataDir: string, logger: Logger): Promise<{ client: SqlClient; db: PGlite }> {
  let db: PGlite;
  if (dataDir === MEMORY_DATA_DIR) {
    db = await PGlite.create({ relaxedDurability: false });
  } else {
    const dir = resolve(join(dataDir, 'pglite'));
    await mkdir(dir, { recursive: true });
    db = await PGlite.create({ dataDir: dir, relaxedDurability: false });
    logger.info(`Embedded PostgreSQL (PGlite) opened at ${dir}`);
  }
  const client: SqlClient = {
    query: <T>(text: string, params?: readonly unknown[]) => run<T>(db, text, params),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) =>
        fn({ query: <R>(text: string, params?: readonly unknown[]) => run<R>(tx, text, params) }),
      );
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
    async ping(): Promise<void> {
      await db.query('SELECT 1');
    },
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
  return { client, db };
}
