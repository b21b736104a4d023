-- Reference-name compatibility views (database.md D-4, D-5). Both are auto-updatable.

CREATE OR REPLACE VIEW development_hosts AS
  SELECT hostname FROM dev_hosts;

CREATE OR REPLACE VIEW config_audit_log AS
  SELECT id, "timestamp" AS changed_at, changed_by, operation, table_name, record_id,
         old_values, new_values, reason, correlation_id
    FROM audit_logs;
