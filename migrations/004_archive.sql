-- Long-term archive of event audit rows, archival procedure, statistics and the partition health view
-- (database.md §2.6, §3.3, §3.4), with the reference defects fixed.

CREATE TABLE IF NOT EXISTS event_audit_log_archive (
  id                           BIGSERIAL PRIMARY KEY,
  event_timestamp              TIMESTAMPTZ NOT NULL,
  hostname                     VARCHAR(255) NOT NULL,
  matched_rule_id              INTEGER NOT NULL,
  handling_decision            VARCHAR(100) NOT NULL,
  forwarded_to_moog            BOOLEAN NOT NULL DEFAULT false,
  raw_message                  TEXT NULL,
  correlation_id               VARCHAR(128) NULL,
  archived_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
  archived_from_partition      VARCHAR(50) NULL,
  original_id                  BIGINT NULL,
  original_partition_timestamp TIMESTAMPTZ NULL
);
CREATE INDEX IF NOT EXISTS idx_audit_archive_timestamp   ON event_audit_log_archive (event_timestamp);
CREATE INDEX IF NOT EXISTS idx_audit_archive_hostname    ON event_audit_log_archive (hostname);
CREATE INDEX IF NOT EXISTS idx_audit_archive_archived_at ON event_audit_log_archive (archived_at);
CREATE INDEX IF NOT EXISTS idx_audit_archive_rule_id     ON event_audit_log_archive (matched_rule_id);

-- A PROCEDURE (invoked with CALL) so it may COMMIT per batch; it reads each partition itself.
CREATE OR REPLACE PROCEDURE archive_old_events(retention_days INTEGER DEFAULT 90, batch_size INTEGER DEFAULT 10000)
LANGUAGE plpgsql AS $$
DECLARE
  cutoff TIMESTAMPTZ := now() - make_interval(days => retention_days);
  part TEXT;
  moved BIGINT;
  total BIGINT := 0;
BEGIN
  FOR part IN
    SELECT c.relname::text
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'event_audit_log'
     ORDER BY c.relname
  LOOP
    LOOP
      EXECUTE format(
        'WITH moved AS (DELETE FROM ONLY %1$I WHERE ctid IN (SELECT ctid FROM ONLY %1$I WHERE event_timestamp < $1 LIMIT $2) RETURNING *) '
        'INSERT INTO event_audit_log_archive (event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, '
        'raw_message, correlation_id, archived_from_partition, original_id, original_partition_timestamp) '
        'SELECT event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, raw_message, correlation_id, '
        '%2$L, id, event_timestamp FROM moved', part, part) USING cutoff, batch_size;
      GET DIAGNOSTICS moved = ROW_COUNT;
      EXIT WHEN moved = 0;
      total := total + moved;
      RAISE NOTICE 'Archived % rows from %', moved, part;
      COMMIT;
    END LOOP;
  END LOOP;
  RAISE NOTICE 'Archived % rows in total', total;
END
$$;

CREATE OR REPLACE FUNCTION archive_old_events_count(retention_days INTEGER DEFAULT 90) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT count(*) FROM event_audit_log WHERE event_timestamp < now() - make_interval(days => retention_days)
$$;

CREATE OR REPLACE FUNCTION get_archive_statistics() RETURNS TABLE (metric_name TEXT, metric_value TEXT)
LANGUAGE sql STABLE AS $$
  SELECT 'Total Archived Events', (SELECT count(*) FROM event_audit_log_archive)::text
  UNION ALL SELECT 'Oldest Archived Event', (SELECT min(event_timestamp) FROM event_audit_log_archive)::text
  UNION ALL SELECT 'Newest Archived Event', (SELECT max(event_timestamp) FROM event_audit_log_archive)::text
  UNION ALL SELECT 'Archive Table Size', pg_size_pretty(pg_total_relation_size('event_audit_log_archive'))
  UNION ALL SELECT 'Active Events Count', (SELECT count(*) FROM event_audit_log)::text
  UNION ALL SELECT 'Active Table Size',
    pg_size_pretty((SELECT coalesce(sum(pg_total_relation_size(relid)), 0)::bigint FROM pg_partition_tree('event_audit_log')))
$$;

CREATE OR REPLACE FUNCTION delete_old_archives(retention_years INTEGER DEFAULT 7) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
  deleted BIGINT;
BEGIN
  RAISE NOTICE 'Deleting archived events older than % years', retention_years;
  DELETE FROM event_audit_log_archive WHERE event_timestamp < now() - make_interval(years => retention_years);
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RAISE NOTICE 'Deleted % archived events', deleted;
  RETURN deleted;
END
$$;

CREATE OR REPLACE VIEW partition_health_summary AS
  SELECT c.relname::text AS partition_name,
         pg_get_expr(c.relpartbound, c.oid, true) AS partition_range,
         pg_size_pretty(pg_total_relation_size(c.oid)) AS partition_size,
         GREATEST(c.reltuples, 0)::bigint AS row_count_estimate
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
   WHERE p.relname = 'event_audit_log'
   ORDER BY c.relname DESC;
