// Queues on PGlite rows: a list is the set of rows with the same `queue`, ordered by `pos` (smallest = oldest =
// consumed first). Every operation is one SQL statement, hence atomic, and wakes in-process waiters afterwards.
import type { PGlite } from '@electric-sql/pglite';
import type { BoundedPushResult, ClaimedMessage, QueueOutput, Queues } from '../../ports/queues.js';
import { DEPTH_TABLE, QUEUE_TABLE as T } from './schema.js';
import { QueueSignals } from './queue-signals.js';

export type EmbeddedDb = Pick<PGlite, 'query' | 'exec'>;

// PGlite decodes result text with a BOM-stripping TextDecoder, so a body starting with U+FEFF would come back
// changed. Bodies are read behind a one-character guard that readBody() removes again.
const BODY_OUT = `'.' || body AS body`;
const readBody = (guarded: string): string => guarded.slice(1);

const PUSH_SQL = `
INSERT INTO ${T} (queue, pos, body)
SELECT $1, coalesce((SELECT max(pos) FROM ${T} WHERE queue = $1), 0) + u.ord, u.body
FROM unnest($2::text[]) WITH ORDINALITY AS u(body, ord)`;

// Depth is read once per call and the insert is skipped at the cap, in one statement.
const PUSH_BOUNDED_SQL = `
WITH d AS (SELECT coalesce((SELECT n::int FROM ${DEPTH_TABLE} WHERE queue = $1), 0) AS n),
ins AS (
  INSERT INTO ${T} (queue, pos, body)
  SELECT $1, coalesce((SELECT max(pos) FROM ${T} WHERE queue = $1), 0) + u.ord, u.body
  FROM unnest($2::text[]) WITH ORDINALITY AS u(body, ord)
  WHERE (SELECT n FROM d) < $3
  RETURNING 1
)
SELECT (SELECT n FROM d) AS n, (SELECT count(*)::int FROM ins) AS inserted`;

// Group commit: several requests' bounded pushes in one statement. Depth is read once; request i (in order) is
// accepted when depth + sizes of the requests before it < cap. With one cap for the group the accepted requests
// are a prefix, so that is exactly what pushing them one by one would do. $3 holds each body's request index.
const PUSH_BOUNDED_GROUPS_SQL = `
WITH d AS (SELECT coalesce((SELECT n::int FROM ${DEPTH_TABLE} WHERE queue = $1), 0) AS n),
g AS (SELECT s.gi, sum(s.size) OVER (ORDER BY s.gi) - s.size AS before FROM unnest($4::int[]) WITH ORDINALITY AS s(size, gi)),
ins AS (
  INSERT INTO ${T} (queue, pos, body)
  SELECT $1, coalesce((SELECT max(pos) FROM ${T} WHERE queue = $1), 0) + u.ord, u.body
  FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS u(body, gi, ord)
  WHERE u.gi IN (SELECT g.gi FROM g WHERE (SELECT n FROM d) + g.before < $5)
  RETURNING 1
)
SELECT (SELECT n FROM d) AS n, (SELECT count(*)::int FROM ins) AS inserted`;

// `id = ANY(ARRAY(...))` keeps the update on the primary key; `id IN (...)` lets the planner hash-join a full scan.
const CLAIM_SQL = `
UPDATE ${T} SET queue = $2
WHERE id = ANY(ARRAY(SELECT id FROM ${T} WHERE queue = $1 ORDER BY pos, id LIMIT $3 FOR UPDATE SKIP LOCKED))
RETURNING id::text AS receipt, ${BODY_OUT}, pos::text AS pos`;

// Appends bodies to several queues at once (each keeps its own order); a data-modifying CTE runs even unreferenced.
// max(pos) is read once per target queue: per row, each lookup would step over the rows this statement inserts.
const SETTLE_SQL = `
WITH done AS (DELETE FROM ${T} WHERE queue = $1 AND id = ANY($2::bigint[]) RETURNING id),
u AS (SELECT x.q, x.b, x.ord FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS x(q, b, ord)),
bases AS MATERIALIZED (
  SELECT d.q, coalesce((SELECT max(i.pos) FROM ${T} i WHERE i.queue = d.q), 0) AS m FROM (SELECT DISTINCT q FROM u) d
)
INSERT INTO ${T} (queue, pos, body)
SELECT u.q, bases.m + row_number() OVER (PARTITION BY u.q ORDER BY u.ord), u.b
FROM u JOIN bases ON bases.q = u.q`;

const DELETE_CLAIMED_SQL = `DELETE FROM ${T} WHERE queue = $1 AND id = ANY($2::bigint[])`;

// Released messages go before min(pos), the first of them first, like RPUSH onto the consuming end.
const RELEASE_SQL = `
WITH moved AS (SELECT r.id, r.ord FROM unnest($2::bigint[]) WITH ORDINALITY AS r(id, ord)),
base AS (SELECT coalesce(min(pos), 0) AS m FROM ${T} WHERE queue = $3)
UPDATE ${T} AS t SET queue = $3, pos = base.m - $4 + moved.ord - 1
FROM moved, base
WHERE t.id = ANY($2::bigint[]) AND t.id = moved.id AND t.queue = $1`;

// Recovered messages go back to the consuming end in claim order, like the Redis recover script (LMOVE LEFT RIGHT).
const RECOVER_SQL = `
WITH src AS (
  SELECT id, row_number() OVER (ORDER BY pos, id) AS ord, count(*) OVER () AS k FROM ${T} WHERE queue = $1
),
base AS (SELECT coalesce(min(pos), 0) AS m FROM ${T} WHERE queue = $2)
UPDATE ${T} AS t SET queue = $2, pos = base.m - src.k + src.ord - 1
FROM src, base
WHERE t.id = src.id`;

// LREM count=1 removes the occurrence nearest the head, i.e. the newest one.
const NEWEST_MATCH = `SELECT id FROM ${T} WHERE queue = $1 AND body = $2 ORDER BY pos DESC, id DESC LIMIT 1`;

const MOVE_SQL = `
WITH d AS (DELETE FROM ${T} WHERE id = (${NEWEST_MATCH}) RETURNING id)
INSERT INTO ${T} (queue, pos, body)
SELECT $3, coalesce((SELECT max(pos) FROM ${T} WHERE queue = $3), 0) + 1, $4 FROM d
RETURNING id`;

const REMOVE_SQL = `DELETE FROM ${T} WHERE id = (${NEWEST_MATCH}) RETURNING id`;

interface ClaimRow {
  receipt: string;
  body: string;
  pos: string;
}

const DEFAULT_MAINTENANCE_CHURN = 5_000;

export interface EmbeddedQueuesOptions {
  /** Rows changed between VACUUM (ANALYZE) runs; 0 disables them. */
  maintenanceChurn?: number;
  /** Maintenance failures are reported here (they never fail a queue operation). */
  onMaintenanceError?: (err: unknown) => void;
}

export class EmbeddedQueues implements Queues {
  private readonly signals = new QueueSignals();
  private closed = false;
  private churn = 0;
  private maintenance: Promise<void> | undefined;

  constructor(
    private readonly db: EmbeddedDb,
    private readonly opts: EmbeddedQueuesOptions = {},
  ) {}

  /**
   * PGlite has no autovacuum: without it the planner has no statistics (it then sorts whole queues instead of
   * walking the index) and dead row versions pile up at the head of every queue. So vacuum by churn.
   */
  private noteChurn(rows: number): void {
    this.churn += rows;
    const every = this.opts.maintenanceChurn ?? DEFAULT_MAINTENANCE_CHURN;
    if (every <= 0 || this.churn < every || this.maintenance || this.closed) return;
    this.churn = 0;
    this.maintenance = this.vacuum()
      .catch((err: unknown) => this.opts.onMaintenanceError?.(err))
      .finally(() => {
        this.maintenance = undefined;
      });
  }

  async vacuum(): Promise<void> {
    await this.db.exec(`VACUUM (ANALYZE) ${T}`);
  }

  async push(queue: string, messages: readonly string[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.query(PUSH_SQL, [queue, messages]);
    this.noteChurn(messages.length);
    this.signals.notify(queue);
  }

  async pushBounded(queue: string, messages: readonly string[], cap: number): Promise<BoundedPushResult> {
    const res = await this.db.query<{ n: number; inserted: number }>(PUSH_BOUNDED_SQL, [queue, messages, cap]);
    const row = res.rows[0];
    const depth = row?.n ?? 0;
    const accepted = depth < cap;
    if (accepted && (row?.inserted ?? 0) > 0) {
      this.noteChurn(messages.length);
      this.signals.notify(queue);
    }
    return { accepted, depth };
  }

  /**
   * Group commit of several bounded pushes (one per request, in order) under one cap, in one statement.
   * Returns the depth seen before the group; each request's outcome follows from it (see PUSH_BOUNDED_GROUPS_SQL).
   */
  async pushBoundedGroups(
    queue: string,
    groups: readonly (readonly string[])[],
    cap: number,
  ): Promise<{ depth: number; inserted: number }> {
    const bodies: string[] = [];
    const index: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      sizes.push(g.length);
      for (const b of g) {
        bodies.push(b);
        index.push(i + 1);
      }
    }
    const res = await this.db.query<{ n: number; inserted: number }>(PUSH_BOUNDED_GROUPS_SQL, [queue, bodies, index, sizes, cap]);
    const row = res.rows[0];
    const inserted = row?.inserted ?? 0;
    if (inserted > 0) {
      this.noteChurn(inserted);
      this.signals.notify(queue);
    }
    return { depth: row?.n ?? 0, inserted };
  }

  async claim(queue: string, processing: string, max: number, waitMs: number): Promise<ClaimedMessage[]> {
    if (max < 1) return [];
    const limit = Math.floor(max);
    const deadline = Date.now() + Math.max(0, waitMs);
    for (;;) {
      const armed = waitMs > 0 && !this.closed ? this.signals.arm(queue) : undefined;
      const got = await this.claimNow(queue, processing, limit);
      const remaining = deadline - Date.now();
      if (got.length > 0 || !armed || remaining <= 0 || this.closed) {
        armed?.cancel();
        return got;
      }
      await armed.wait(remaining);
    }
  }

  private async claimNow(queue: string, processing: string, limit: number): Promise<ClaimedMessage[]> {
    const res = await this.db.query<ClaimRow>(CLAIM_SQL, [queue, processing, limit]);
    this.noteChurn(res.rows.length);
    // RETURNING has no order; restore queue order so callers see oldest first.
    const rows = res.rows.sort((a, b) => comparePos(a.pos, b.pos) || comparePos(a.receipt, b.receipt));
    return rows.map((r) => ({ body: readBody(r.body), receipt: r.receipt }));
  }

  async settle(processing: string, done: readonly ClaimedMessage[], outputs: readonly QueueOutput[]): Promise<void> {
    const ids = done.map((m) => m.receipt);
    const queues: string[] = [];
    const bodies: string[] = [];
    for (const out of outputs) {
      for (const body of out.messages) {
        queues.push(out.queue);
        bodies.push(body);
      }
    }
    if (bodies.length === 0) {
      if (ids.length > 0) await this.db.query(DELETE_CLAIMED_SQL, [processing, ids]);
      this.noteChurn(ids.length);
      return;
    }
    await this.db.query(SETTLE_SQL, [processing, ids, queues, bodies]);
    this.noteChurn(ids.length + bodies.length);
    for (const q of new Set(queues)) this.signals.notify(q);
  }

  async release(processing: string, claimed: readonly ClaimedMessage[], queue: string): Promise<void> {
    if (claimed.length === 0) return;
    const ids = claimed.map((m) => m.receipt);
    await this.db.query(RELEASE_SQL, [processing, ids, queue, ids.length]);
    this.noteChurn(ids.length);
    this.signals.notify(queue);
  }

  async recover(processing: string, queue: string): Promise<number> {
    const res = await this.db.query(RECOVER_SQL, [processing, queue]);
    const moved = res.affectedRows ?? 0;
    this.noteChurn(moved);
    if (moved > 0) this.signals.notify(queue);
    return moved;
  }

  async depth(queue: string): Promise<number> {
    const res = await this.db.query<{ n: number }>(`SELECT n::int AS n FROM ${DEPTH_TABLE} WHERE queue = $1`, [queue]);
    return res.rows[0]?.n ?? 0;
  }

  async range(queue: string, start: number, stop: number): Promise<string[]> {
    let from = start;
    let to = stop;
    if (from < 0 || to < 0) {
      const len = await this.depth(queue);
      if (from < 0) from = Math.max(0, len + from);
      if (to < 0) to = len + to;
    }
    if (to < from) return [];
    const res = await this.db.query<{ body: string }>(
      `SELECT ${BODY_OUT} FROM ${T} WHERE queue = $1 ORDER BY pos DESC, id DESC OFFSET $2 LIMIT $3`,
      [queue, from, to - from + 1],
    );
    return res.rows.map((r) => readBody(r.body));
  }

  async move(from: string, body: string, to: string, replacement: string): Promise<boolean> {
    const res = await this.db.query(MOVE_SQL, [from, body, to, replacement]);
    const moved = res.rows.length > 0;
    if (moved) this.signals.notify(to);
    return moved;
  }

  async remove(queue: string, body: string): Promise<boolean> {
    const res = await this.db.query(REMOVE_SQL, [queue, body]);
    return res.rows.length > 0;
  }

  async purge(queue: string): Promise<number> {
    const res = await this.db.query(`DELETE FROM ${T} WHERE queue = $1`, [queue]);
    const purged = res.affectedRows ?? 0;
    this.noteChurn(purged);
    return purged;
  }

  async listQueues(prefix: string): Promise<string[]> {
    // starts_with, not LIKE: key prefixes contain `_`, a LIKE wildcard. Empty lists have no depth row.
    const res = await this.db.query<{ queue: string }>(
      `SELECT queue FROM ${DEPTH_TABLE} WHERE starts_with(queue, $1) ORDER BY queue`,
      [prefix],
    );
    return res.rows.map((r) => r.queue);
  }

  /** Wakes blocked claims so shutdown is not held up by waitMs, and lets a running vacuum finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.signals.closeAll();
    await this.maintenance;
  }
}

function comparePos(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
