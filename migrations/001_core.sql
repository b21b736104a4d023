-- MUTT core tables: rules, dev hosts, device teams (database.md §2.1-2.3, names per D-1..D-4).
-- Hostnames are matched case-insensitively (DECISIONS A26), hence the unique lower(hostname) indexes.

CREATE TABLE IF NOT EXISTS alert_rules (
  id              SERIAL PRIMARY KEY,
  rule_name       VARCHAR(100) NULL UNIQUE,
  pattern         VARCHAR(255) NULL,
  trap_oid        VARCHAR(255) NULL,
  syslog_severity INTEGER NULL,
  match_type      VARCHAR(20) NOT NULL DEFAULT 'contains',
  priority        INTEGER NOT NULL DEFAULT 100,
  prod_handling   VARCHAR(100) NOT NULL,
  dev_handling    VARCHAR(100) NOT NULL,
  team_assignment VARCHAR(100) NOT NULL,
  enabled         BOOLEAN NOT NULL DEFAULT true,
  CONSTRAINT chk_match_type      CHECK (match_type IN ('contains', 'regex', 'oid_prefix')),
  CONSTRAINT chk_match_criteria  CHECK (pattern IS NOT NULL OR trap_oid IS NOT NULL),
  CONSTRAINT chk_syslog_severity CHECK (syslog_severity IS NULL OR syslog_severity BETWEEN 0 AND 7)
);
CREATE INDEX IF NOT EXISTS idx_alert_rules_match_type ON alert_rules (match_type);
CREATE INDEX IF NOT EXISTS idx_alert_rules_enabled    ON alert_rules (enabled) WHERE enabled = true;
CREATE INDEX IF NOT EXISTS idx_alert_rules_priority   ON alert_rules (priority DESC);

COMMENT ON TABLE alert_rules IS 'Source of truth for matching; cached by every alerter.';
COMMENT ON COLUMN alert_rules.priority IS 'Lower number wins among multiple matches.';

CREATE TABLE IF NOT EXISTS dev_hosts (
  hostname VARCHAR(255) PRIMARY KEY
);
CREATE UNIQUE INDEX IF NOT EXISTS uq_dev_hosts_hostname_lower ON dev_hosts (lower(hostname));

CREATE TABLE IF NOT EXISTS device_teams (
  hostname        VARCHAR(255) PRIMARY KEY,
  team_assignment VARCHAR(100) NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS uq_device_teams_hostname_lower ON device_teams (lower(hostname));
