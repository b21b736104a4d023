-- Operator DLQ replays and purges are audited too (DECISIONS contract 9: "each replay is audited").
-- record_id is 0 for these rows; old_values holds the queue, the action and an excerpt of the entry.
ALTER TABLE audit_logs DROP CONSTRAINT IF EXISTS chk_audit_table_name;
ALTER TABLE audit_logs ADD CONSTRAINT chk_audit_table_name
  CHECK (table_name IN ('alert_rules', 'dev_hosts', 'device_teams', 'dynamic_config', 'dlq'));
