// The Store's whole database port: one query function and transactions. Drivers: node-postgres and PGlite.

export interface SqlResult<T> {
  readonly rows: T[];
  readonly rowCount: number;
}

export interface SqlExecutor {
  /** Parameterised only: values go in `params` as $1..$n, never into `text`. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
}

export interface SqlClient extends SqlExecutor {
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Connection-pool occupancy for `mutt_db_pool_connections`; absent for single-connection drivers (PGlite). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** Cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
