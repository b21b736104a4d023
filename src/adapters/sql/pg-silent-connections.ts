// A query that gets no answer within DB_QUERY_TIMEOUT_MS means its connection went silent (a failover, or a NAT or
// firewall that dropped the flow). The pool's other connections opened before that moment most likely went silent with
// it, so they are discarded at their next checkout instead of each costing one more full timeout.
import type pg from 'pg';
import { MuttError } from '../../core/errors.js';

const QUERY_TIMEOUT = 'Query read timeout';
const CONNECT_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/;

export class SilentConnectionGuard {
  private readonly generationOf = new WeakMap<pg.ClientBase, number>();
  private generation = 0;

  /** Call from the pool's 'connect' event. */
  opened(client: pg.ClientBase): void {
    this.generationOf.set(client, this.generation);
  }

  /** False for a connection opened before the last silent one was seen: it must be discarded, not used. */
  isTrusted(client: pg.ClientBase): boolean {
    return (this.generationOf.get(client) ?? -1) === this.generation;
  }

  /** Records a query error; true when it was a client-side timeout (the connection must be destroyed). */
  sawError(err: unknown): boolean {
    if (!isQueryTimeout(err)) return false;
    this.generation++;
    return true;
  }
}

export function isQueryTimeout(err: unknown): boolean {
  return err instanceof Error && err.message === QUERY_TIMEOUT;
}

/** Timeouts become MUTT_STORE_UNAVAILABLE (503 for the web UI, "keep the batch" for the alerter); other errors pass. */
export function asUnavailable(err: unknown, queryTimeoutMs: number): unknown {
  if (isQueryTimeout(err)) {
    return new MuttError(
      'MUTT_STORE_UNAVAILABLE',
      `PostgreSQL did not answer within ${queryTimeoutMs} ms (DB_QUERY_TIMEOUT_MS); connection discarded`,
      undefined,
      { cause: err },
    );
  }
  // 57014: the server cancelled a statement at DB_STATEMENT_TIMEOUT_MS, an overloaded database rather than bad input.
  if (err instanceof Error && (err as Error & { code?: unknown }).code === '57014') {
    return new MuttError('MUTT_STORE_UNAVAILABLE', 'PostgreSQL cancelled the statement at DB_STATEMENT_TIMEOUT_MS', undefined, {
      cause: err,
    });
  }
  if (err instanceof Error && CONNECT_TIMEOUT.test(err.message)) {
    return new MuttError('MUTT_STORE_UNAVAILABLE', `PostgreSQL connection not available: ${err.message}`, undefined, {
      cause: err,
    });
  }
  return err;
}
