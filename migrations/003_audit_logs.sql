-- Configuration-change audit trail (database.md §2.5, D-5). correlation_id is 128 wide (DECISIONS A1);
-- table_name is one of the four audited entities (DECISIONS A17).

CREATE TABLE IF NOT EXISTS audit_logs (
  id             BIGSERIAL PRIMARY KEY,
  "timestamp"    TIMESTAMPTZ NOT NULL DEFAULT now(),
  changed_by     VARCHAR(100) NOT NULL,
  operation      VARCHAR(10)  NOT NULL,
  table_name     VARCHAR(50)  NOT NULL,
  record_id      INTEGER      NOT NULL,
  old_values     JSONB NULL,
  new_values     JSONB NULL,
  reason         TEXT  NULL,
  correlation_id VARCHAR(128) NULL,
  CONSTRAINT chk_audit_operation  CHECK (operation IN ('CREATE', 'UPDATE', 'DELETE')),
  CONSTRAINT chk_audit_table_name CHECK (table_name IN ('alert_rules', 'dev_hosts', 'device_teams', 'dynamic_config'))
);
CREATE INDEX IF NOT EXISTS idx_audit_logs_timestamp      ON audit_logs ("timestamp" DESC);
CREATE INDEX IF NOT EXISTS idx_audit_logs_user           ON audit_logs (changed_by);
CREATE INDEX IF NOT EXISTS idx_audit_logs_table_record   ON audit_logs (table_name, record_id);
CREATE INDEX IF NOT EXISTS idx_audit_logs_correlation_id ON audit_logs (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_audit_logs_old_values_gin ON audit_logs USING GIN (old_values);
CREATE INDEX IF NOT EXISTS idx_audit_logs_new_values_gin ON audit_logs USING GIN (new_values);
