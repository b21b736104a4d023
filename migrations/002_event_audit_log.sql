-- Event audit: one row per handled event, monthly RANGE partitions on event_timestamp (UTC bounds)
-- plus a DEFAULT partition so an insert never fails for range reasons (database.md §2.4, §3.1-3.2).

CREATE TABLE IF NOT EXISTS event_audit_log (
  id                BIGSERIAL NOT NULL,
  event_timestamp   TIMESTAMPTZ NOT NULL,
  hostname          VARCHAR(255) NOT NULL,
  matched_rule_id   INTEGER NOT NULL,
  handling_decision VARCHAR(100) NOT NULL,
  forwarded_to_moog BOOLEAN NOT NULL DEFAULT false,
  raw_message       TEXT NULL,
  correlation_id    VARCHAR(128) NULL,
  PRIMARY KEY (id, event_timestamp)
) PARTITION BY RANGE (event_timestamp);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_event_audit_matched_rule') THEN
    ALTER TABLE event_audit_log ADD CONSTRAINT fk_event_audit_matched_rule
      FOREIGN KEY (matched_rule_id) REFERENCES alert_rules (id) ON DELETE RESTRICT;
  END IF;
END
$$;

-- Dashboard filters: newest first, by host (case-insensitive), by rule (also serves the FK check), by correlation id.
CREATE INDEX IF NOT EXISTS idx_audit_log_timestamp      ON event_audit_log (event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_log_hostname       ON event_audit_log (lower(hostname), event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_log_rule_id        ON event_audit_log (matched_rule_id, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_log_correlation_id ON event_audit_log (correlation_id) WHERE correlation_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS event_audit_log_default PARTITION OF event_audit_log DEFAULT;

-- Creates the month partition holding start_date (truncated to the month, UTC bounds). Rows already in the
-- default partition for that month are moved into it first. Returns true when a partition was created.
CREATE OR REPLACE FUNCTION create_monthly_partition(start_date DATE) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  lo   DATE := date_trunc('month', start_date::timestamp)::date;
  hi   DATE := (date_trunc('month', start_date::timestamp) + interval '1 month')::date;
  name TEXT := 'event_audit_log_' || to_char(lo, 'YYYY_MM');
  lo_t TEXT := to_char(lo, 'YYYY-MM-DD') || ' 00:00:00+00';
  hi_t TEXT := to_char(hi, 'YYYY-MM-DD') || ' 00:00:00+00';
  has_rows BOOLEAN := false;
BEGIN
  IF to_regclass(format('public.%I', name)) IS NOT NULL THEN
    RETURN false;
  END IF;
  IF to_regclass('public.event_audit_log_default') IS NOT NULL THEN
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM event_audit_log_default WHERE event_timestamp >= $1::timestamptz AND event_timestamp < $2::timestamptz)'
      INTO has_rows USING lo_t, hi_t;
  END IF;
  IF has_rows THEN
    EXECUTE format('CREATE TABLE %I (LIKE event_audit_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM event_audit_log_default WHERE event_timestamp >= $1::timestamptz AND event_timestamp < $2::timestamptz RETURNING *) '
      'INSERT INTO %I SELECT * FROM moved', name) USING lo_t, hi_t;
    EXECUTE format('ALTER TABLE event_audit_log ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo_t, hi_t);
  ELSE
    EXECUTE format('CREATE TABLE %I PARTITION OF event_audit_log FOR VALUES FROM (%L) TO (%L)', name, lo_t, hi_t);
  END IF;
  RAISE NOTICE 'Created partition % for [%, %)', name, lo_t, hi_t;
  RETURN true;
END
$$;

-- Previous month, current month and months_ahead more (UTC). Returns how many partitions were created.
CREATE OR REPLACE FUNCTION ensure_event_audit_partitions(months_ahead INTEGER DEFAULT 3) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  base DATE := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  created INTEGER := 0;
  i INTEGER;
BEGIN
  IF months_ahead < 0 THEN
    RAISE EXCEPTION 'months_ahead must be >= 0, got %', months_ahead;
  END IF;
  FOR i IN -1..months_ahead LOOP
    IF create_monthly_partition((base + make_interval(months => i))::date) THEN
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$$;

-- Drops month partitions whose upper bound is at or before the month start of now() - retention_months.
-- Only real children named event_audit_log_YYYY_MM; never the default partition or the current month.
CREATE OR REPLACE FUNCTION drop_old_partitions(retention_months INTEGER) RETURNS SETOF TEXT
LANGUAGE plpgsql AS $$
DECLARE
  cutoff DATE;
  rec RECORD;
  upper_bound DATE;
BEGIN
  IF retention_months IS NULL OR retention_months < 0 THEN
    RAISE EXCEPTION 'retention_months must be >= 0, got %', retention_months;
  END IF;
  cutoff := date_trunc('month', (now() AT TIME ZONE 'UTC') - make_interval(months => retention_months))::date;
  FOR rec IN
    SELECT c.relname::text AS name
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'event_audit_log'
       AND c.relname ~ '^event_audit_log_[0-9]{4}_[0-9]{2}$'
     ORDER BY c.relname
  LOOP
    upper_bound := (to_date(substring(rec.name FROM '([0-9]{4}_[0-9]{2})$'), 'YYYY_MM') + interval '1 month')::date;
    IF upper_bound <= cutoff THEN
      EXECUTE format('DROP TABLE IF EXISTS %I', rec.name);
      RAISE NOTICE 'Dropped partition %', rec.name;
      RETURN NEXT rec.name;
    END IF;
  END LOOP;
  RETURN;
END
$$;

SELECT ensure_event_audit_partitions(3);
