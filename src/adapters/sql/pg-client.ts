// SqlClient over a node-postgres Pool (redis-postgres profile). Errors keep the server's own text;
// the password is never logged. CURRENT password first, NEXT after an auth failure (rotation).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Config } from '../../config/load.js';
import type { Logger } from '../../observability/logger.js';
import type { SqlClient, SqlExecutor, SqlResult } from '../../ports/sql.js';
import { asUnavailable, SilentConnectionGuard } from './pg-silent-connections.js';

const AUTH_FAILED = '28P01';

type PgConfigSlice = Pick<
  Config,
  | 'dbHost'
  | 'dbPort'
  | 'dbName'
  | 'dbUser'
  | 'dbPassCurrent'
  | 'dbPassNext'
  | 'dbTlsEnabled'
  | 'dbTlsCaCert'
  | 'dbPoolMin'
  | 'dbPoolMax'
  | 'dbStatementTimeoutMs'
  | 'dbQueryTimeoutMs'
>;

// TCP keepalive notices a peer whose host is gone; a silent but open path is caught by DB_QUERY_TIMEOUT_MS instead.
const KEEPALIVE_IDLE_MS = 10_000;
const STALE = new Error('connection opened before a silent one was seen');
const TERMINATED = new Set(['57P01', '57P02', '57P03']);

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// A parameterless multi-statement text comes back as one result per statement: report the last one.
function toResult<T>(r: pg.QueryResult | pg.QueryResult[]): SqlResult<T> {
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  if (!last) return { rows: [], rowCount: 0 };
  return { rows: last.rows as T[], rowCount: last.rowCount ?? last.rows.length };
}

/** Tracks which of the two passwords new connections use; flips once per auth failure. */
export class PasswordRotation {
  private useNext = false;
  constructor(
    private current: string | undefined,
    private next: string | undefined,
  ) {}
  /** A rotated secret: new connections try the new CURRENT first again. */
  set(current: string | undefined, next: string | undefined): void {
    this.current = current;
    this.next = next;
    this.useNext = false;
  }
  get(): string {
    return (this.useNext ? this.next : this.current) ?? this.next ?? '';
  }
  /** Returns true when the other password is worth a retry. */
  flip(): boolean {
    if (this.next === undefined || this.current === undefined || this.next === this.current) return false;
    this.useNext = !this.useNext;
    return true;
  }
  get label(): 'DB_PASS_CURRENT' | 'DB_PASS_NEXT' {
    return this.useNext ? 'DB_PASS_NEXT' : 'DB_PASS_CURRENT';
  }
}

export interface PgCredentials {
  readonly user: string | undefined;
  readonly current: string | undefined;
  readonly next: string | undefined;
}

export interface PgSqlClient extends SqlClient {
  /** Pool gauges for `mutt_db_pool_connections{service,state}` (the caller owns the metric). */
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Secret rotation: new connections use the new user/passwords at once. The pool is replaced so idle
   * connections (opened with the old credential) close now and busy ones close when their work is done.
   */
  rotateCredentials(next: PgCredentials): void;
}

/** Ends a replaced pool once nobody waits on it: pg-pool's end() would leave queued callers to time out. */
async function retirePool(old: pg.Pool): Promise<void> {
  while (old.waitingCount > 0) await new Promise((r) => setTimeout(r, 20));
  await old.end();
}

export function createPgClient(config: PgConfigSlice, logger: Logger): PgSqlClient {
  const rotation = new PasswordRotation(config.dbPassCurrent, config.dbPassNext);
  let user = config.dbUser;
  let closed = false;
  const retiring = new Set<Promise<void>>();
  const makePool = (): pg.Pool => {
    const created = new pg.Pool({
      host: config.dbHost ?? 'localhost',
      port: config.dbPort,
      database: config.dbName,
      user,
      // Read on every new connection, so a rotated password needs no restart.
      password: () => rotation.get(),
      ssl: config.dbTlsEnabled
        ? { rejectUnauthorized: true, ...(config.dbTlsCaCert ? { ca: readFileSync(config.dbTlsCaCert, 'utf8') } : {}) }
        : false,
      min: config.dbPoolMin,
      max: config.dbPoolMax,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'mutt',
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
      ...(config.dbStatementTimeoutMs > 0 ? { statement_timeout: config.dbStatementTimeoutMs } : {}),
      ...(config.dbQueryTimeoutMs > 0 ? { query_timeout: config.dbQueryTimeoutMs } : {}),
    });
    // A PostgreSQL restart kills idle and checked-out clients alike; without listeners that is an uncaught 'error'.
    created.on('error', (err) => logger.error(`PostgreSQL connection error: ${err.message}`, { sqlstate: sqlState(err) }));
    created.on('connect', (client) => {
      silent.opened(client);
      client.on('error', (err) => logger.warning(`PostgreSQL client error: ${err.message}`, { sqlstate: sqlState(err) }));
    });
    return created;
  };
  const silent = new SilentConnectionGuard();
  let pool = makePool();

  async function withAuthRetry<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (sqlState(err) !== AUTH_FAILED || !rotation.flip()) throw err;
      logger.warning(`PostgreSQL authentication failed; retrying with ${rotation.label}`, { user });
      return fn();
    }
  }

  const unavailable = (err: unknown): unknown => asUnavailable(err, config.dbQueryTimeoutMs);

  /** A pooled client, never one opened before the last silent connection was seen (those are destroyed). */
  async function checkout(): Promise<pg.PoolClient> {
    for (;;) {
      const client = await withAuthRetry(() => pool.connect()).catch((err: unknown) => {
        throw unavailable(err);
      });
      if (silent.isTrusted(client)) return client;
      client.release(STALE);
    }
  }

  // As with pool.query, a client whose query failed is destroyed rather than pooled (pg-pool's own rule).
  async function queryOnce<T>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
    const client = await checkout();
    try {
      const r = await client.query(text, params as unknown[] | undefined);
      client.release();
      return toResult<T>(r);
    } catch (err) {
      silent.sawError(err);
      client.release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  // A pooled connection the server terminated while idle answers its next query with 57P0x. A FATAL termination
  // aborts the statement it hits, so nothing committed: one retry on a fresh connection is safe.
  async function query<T>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>> {
    try {
      return await queryOnce<T>(text, params);
    } catch (err) {
      if (!TERMINATED.has(sqlState(err) ?? '')) throw unavailable(err);
      return queryOnce<T>(text, params).catch((again: unknown) => {
        throw unavailable(again);
      });
    }
  }

  return {
    query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await checkout();
      // After a server-side kill pg only says "not queryable"; surface the server's own error text instead.
      let connectionError: Error | undefined;
      const onError = (err: Error): void => {
        connectionError = err;
      };
      client.on('error', onError);
      let broken: Error | undefined;
      const tx: SqlExecutor = {
        query: <R>(text: string, params?: readonly unknown[]) =>
          client.query(text, params as unknown[] | undefined).then(
            (r) => toResult<R>(r),
            (err: unknown) => {
              // A timed-out connection is silent: no ROLLBACK on it (that would wait out a second timeout).
              if (silent.sawError(err)) broken = err as Error;
              throw unavailable(connectionError ?? err);
            },
          ),
      };
      try {
        await tx.query('BEGIN');
        const out = await fn(tx);
        await tx.query('COMMIT');
        return out;
      } catch (err) {
        if (broken !== undefined) throw err;
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        }
        throw err;
      } finally {
        client.removeListener('error', onError);
        // A client whose ROLLBACK failed is in an unknown state: destroy it instead of pooling it.
        client.release(broken ?? connectionError);
      }
    },
    async exec(script: string): Promise<void> {
      await query(script);
    },
    async ping(): Promise<void> {
      await query('SELECT 1');
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), ...retiring]);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    rotateCredentials(next: PgCredentials): void {
      if (closed) return;
      rotation.set(next.current, next.next);
      user = next.user ?? user;
      const old = pool;
      pool = makePool();
      const ending = retirePool(old).catch((err: unknown) =>
        logger.warning(`Closing the pre-rotation PostgreSQL pool failed: ${(err as Error).message}`),
      );
      retiring.add(ending);
      void ending.finally(() => retiring.delete(ending));
      logger.info('PostgreSQL credentials rotated; new connections use them, pre-rotation connections close once idle', { user });
    },
  };
}
