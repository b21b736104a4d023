// The embedded profile's own coordination tables. They are adapter state, not the guide's schema, so they live
// in their own `mutt_embedded` schema and are created here at start instead of in the numbered migrations.
import type { PGlite } from '@electric-sql/pglite';

export const QUEUE_TABLE = 'mutt_embedded.queue_items';

// `pos` orders a list (smallest = consuming end). Pushes append after max(pos); releases go before min(pos),
// so both ends stay O(log n) through the (queue, pos) index. `id` is the claim receipt and breaks ties.
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
`;

export async function ensureEmbeddedSchema(db: Pick<PGlite, 'exec'>): Promise<void> {
  await db.exec(SCHEMA_SQL);
  // Fresh statistics for the planner; the queue adapter keeps them current as rows churn.
  await db.exec(`VACUUM (ANALYZE) ${QUEUE_TABLE}`);
}
