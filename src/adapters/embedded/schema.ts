// The embedded profile's own coordination tables. They are adapter state, not the guide's schema, so they live
// in their own `mutt_embedded` schema and are created here at start instead of in the numbered migrations.
import type { PGlite } from '@electric-sql/pglite';

export const QUEUE_TABLE = 'mutt_embedded.queue_items';
export const DEPTH_TABLE = 'mutt_embedded.queue_depths';

// `pos` orders a list (smallest = consuming end). Pushes append after max(pos); releases go before min(pos),
// so both ends stay O(log n) through the (queue, pos) index. `id` is the claim receipt and breaks ties.
// queue_depths is kept by statement triggers so depth() is one key lookup, like LLEN, not a count(*).
const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS mutt_embedded;
CREATE TABLE IF NOT EXISTS ${QUEUE_TABLE} (
  id bigserial PRIMARY KEY,
  queue text NOT NULL,
  pos bigint NOT NULL,
  body text NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS queue_items_queue_pos_idx ON ${QUEUE_TABLE} (queue, pos, id);
CREATE TABLE IF NOT EXISTS ${DEPTH_TABLE} (queue text PRIMARY KEY, n bigint NOT NULL);

CREATE OR REPLACE FUNCTION mutt_embedded.apply_depth_deltas(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO ${DEPTH_TABLE} AS d (queue, n)
  SELECT key, value::bigint FROM jsonb_each_text(deltas)
  ON CONFLICT (queue) DO UPDATE SET n = d.n + EXCLUDED.n;
  DELETE FROM ${DEPTH_TABLE} WHERE queue IN (SELECT key FROM jsonb_each_text(deltas)) AND n <= 0;
$$;

CREATE OR REPLACE FUNCTION mutt_embedded.depth_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mutt_embedded.apply_depth_deltas(
    (SELECT coalesce(jsonb_object_agg(queue, c), '{}') FROM (SELECT queue, count(*) AS c FROM new_rows GROUP BY queue) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION mutt_embedded.depth_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mutt_embedded.apply_depth_deltas(
    (SELECT coalesce(jsonb_object_agg(queue, -c), '{}') FROM (SELECT queue, count(*) AS c FROM old_rows GROUP BY queue) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION mutt_embedded.depth_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mutt_embedded.apply_depth_deltas(
    (SELECT coalesce(jsonb_object_agg(queue, c), '{}') FROM (
      SELECT queue, sum(delta) AS c FROM (
        SELECT queue, 1 AS delta FROM new_rows UNION ALL SELECT queue, -1 FROM old_rows
      ) x GROUP BY queue HAVING sum(delta) <> 0) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER queue_items_depth_ins AFTER INSERT ON ${QUEUE_TABLE}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mutt_embedded.depth_after_insert();
CREATE OR REPLACE TRIGGER queue_items_depth_del AFTER DELETE ON ${QUEUE_TABLE}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mutt_embedded.depth_after_delete();
CREATE OR REPLACE TRIGGER queue_items_depth_upd AFTER UPDATE ON ${QUEUE_TABLE}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mutt_embedded.depth_after_update();
`;

// Recounted at every start, so the counters can never drift for longer than one run.
const RECOUNT_SQL = `
BEGIN;
DELETE FROM ${DEPTH_TABLE};
INSERT INTO ${DEPTH_TABLE} (queue, n) SELECT queue, count(*) FROM ${QUEUE_TABLE} GROUP BY queue;
COMMIT;`;

export async function ensureEmbeddedSchema(db: Pick<PGlite, 'exec'>): Promise<void> {
  await db.exec(SCHEMA_SQL);
  await db.exec(RECOUNT_SQL);
  // Fresh statistics for the planner; the queue adapter keeps them current as rows churn.
  await db.exec(`VACUUM (ANALYZE) ${QUEUE_TABLE}`);
}
