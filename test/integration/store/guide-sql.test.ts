// Every SQL statement the operators' guide runs against the mutt database must work on this schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExampleRules } from '../../../src/adapters/sql/seed-examples.js';
import type { SqlClient } from '../../../src/ports/sql.js';
import { isRedisProfile } from '../../helpers/backends.js';
import { openSqlFixture, type SqlFixture } from './sql-fixture.js';

let fx: SqlFixture;
let sql: SqlClient;
beforeAll(async () => {
  fx = await openSqlFixture();
  sql = fx.sql;
  await seedExampleRules(sql);
  await sql.query(
    "INSERT INTO alert_rules (rule_name, pattern, match_type, prod_handling, dev_handling, team_assignment) VALUES ('cpu_high', '.*CPU.*', 'regex', 'Ticket_only', 'Ignore', 'SysAdmin'), ('catch_all', '.*', 'regex', 'Ignore', 'Ignore', 'NOC'), ('link_alt', 'LINK-(UP|DOWN)', 'regex', 'Ticket_only', 'Ignore', 'NetOps')",
  );
});
afterAll(async () => {
  await fx?.cleanup();
});

// Verbatim from TROUBLESHOOTING_GUIDE.md (psql -d mutt).
const GUIDE_QUERIES = [
  'SELECT 1;',
  'SELECT count(*) FROM alert_rules WHERE enabled = true;',
  "SELECT rule_name, pattern FROM alert_rules WHERE enabled = true AND pattern ~ '.*\\(.*\\|.*\\).*';",
  'SELECT rule_name, pattern, priority\nFROM alert_rules\nWHERE enabled = true\nORDER BY LENGTH(pattern) DESC\nLIMIT 10;',
  "SELECT rule_name, pattern, priority\nFROM alert_rules\nWHERE enabled = true\nAND pattern IN ('.*', '.+', '.*.*')\nORDER BY priority ASC;",
  "SELECT schemaname, tablename, indexname\nFROM pg_indexes\nWHERE schemaname = 'public';",
  "SELECT schemaname, tablename, pg_size_pretty(pg_total_relation_size(schemaname||'.'||tablename)) AS size FROM pg_tables WHERE schemaname = 'public' ORDER BY pg_total_relation_size(schemaname||'.'||tablename) DESC;",
];

const GUIDE_MAINTENANCE = [
  'ANALYZE alert_rules;',
  'ANALYZE audit_logs;',
  'ANALYZE dev_hosts;',
  'ANALYZE device_teams;',
  'CREATE INDEX IF NOT EXISTS idx_alert_rules_enabled ON alert_rules(enabled);',
  'CREATE INDEX IF NOT EXISTS idx_audit_logs_timestamp ON audit_logs(timestamp DESC);',
  'CREATE INDEX IF NOT EXISTS idx_alert_rules_enabled ON alert_rules(enabled) WHERE enabled = true;',
  'CREATE INDEX IF NOT EXISTS idx_alert_rules_priority ON alert_rules(priority DESC);',
  'CREATE INDEX IF NOT EXISTS idx_audit_logs_user ON audit_logs(changed_by);',
  'VACUUM FULL ANALYZE alert_rules;',
  'VACUUM FULL ANALYZE audit_logs;',
];

// Server-wide (psql as postgres): only meaningful on a real PostgreSQL server.
const GUIDE_SERVER = [
  "SELECT count(*) FROM pg_stat_activity WHERE usename = 'mutt_user';",
  'SHOW max_connections;',
  'SELECT application_name, count(*) FROM pg_stat_activity GROUP BY application_name ORDER BY count DESC;',
  "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle' AND state_change < NOW() - INTERVAL '10 minutes';",
  "SELECT pg_terminate_backend(pid)\nFROM pg_stat_activity\nWHERE state = 'idle'\nAND state_change < NOW() - INTERVAL '10 minutes'\nAND pid <> pg_backend_pid();",
];

const PG_STAT_STATEMENTS = [
  'SELECT query, calls, mean_exec_time, max_exec_time FROM pg_stat_statements ORDER BY mean_exec_time DESC LIMIT 10;',
  "SELECT query, calls, mean_exec_time, max_exec_time, total_exec_time\nFROM pg_stat_statements\nWHERE query NOT LIKE '%pg_stat_statements%'\nORDER BY mean_exec_time DESC\nLIMIT 10;",
];

describe("the guide's SQL", () => {
  it.each(GUIDE_QUERIES)('runs: %s', async (q) => {
    await sql.query(q);
  });

  it('finds what the guide expects: enabled count, catch-alls, longest patterns', async () => {
    const { rows: n } = await sql.query<{ count: string | number }>(GUIDE_QUERIES[1] as string);
    expect(Number(n[0]?.count)).toBeGreaterThanOrEqual(7);
    const { rows: broad } = await sql.query<{ rule_name: string }>(GUIDE_QUERIES[4] as string);
    expect(broad.map((r) => r.rule_name)).toEqual(['catch_all']);
    const { rows: alt } = await sql.query<{ rule_name: string }>(GUIDE_QUERIES[2] as string);
    expect(alt.map((r) => r.rule_name)).toEqual(['link_alt']);
  });

  it('runs the guide UPDATEs by rule_name / pattern', async () => {
    const u1 = await sql.query("UPDATE alert_rules\nSET pattern = '^CPU.*threshold exceeded$'\nWHERE rule_name = 'cpu_high';");
    expect(u1.rowCount).toBe(1);
    const u2 = await sql.query("UPDATE alert_rules\nSET enabled = false\nWHERE pattern = '.*';");
    expect(u2.rowCount).toBe(1);
  });

  it.each(GUIDE_MAINTENANCE)('runs: %s', async (q) => {
    await sql.query(q);
  });

  it('the guide index names already exist (its CREATE INDEX IF NOT EXISTS are no-ops)', async () => {
    const { rows } = await sql.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    const names = rows.map((r) => r.indexname);
    for (const n of ['idx_alert_rules_enabled', 'idx_alert_rules_priority', 'idx_audit_logs_timestamp', 'idx_audit_logs_user'])
      expect(names).toContain(n);
  });

  it('the compat views answer reference-style SQL', async () => {
    await sql.query("INSERT INTO development_hosts (hostname) VALUES ('qa-firewall1')");
    const { rows } = await sql.query<{ hostname: string }>("SELECT hostname FROM dev_hosts WHERE hostname = 'qa-firewall1'");
    expect(rows).toHaveLength(1);
    await sql.query(
      "INSERT INTO config_audit_log (changed_by, operation, table_name, record_id) VALUES ('admin_api_key', 'CREATE', 'alert_rules', 1)",
    );
    const { rows: a } = await sql.query<{ changed_at: Date }>(
      "SELECT changed_at FROM config_audit_log WHERE changed_by = 'admin_api_key'",
    );
    expect(a[0]?.changed_at).toBeInstanceOf(Date);
  });

  it.skipIf(!isRedisProfile).each(GUIDE_SERVER)('runs on the server: %s', async (q) => {
    await sql.query(q);
  });

  // The guide's connection-count one-liner is rejected by PostgreSQL itself (count(*) next to an ungrouped column),
  // whatever the schema; docs/runbook.md carries the corrected form tested here.
  it.skipIf(!isRedisProfile)('the guide connection-count query: PostgreSQL rejects it; the corrected form runs', async () => {
    const guide =
      "SELECT count(*) AS current_connections, max_connections FROM (SELECT count(*) FROM pg_stat_activity) AS current, (SELECT setting::int AS max_connections FROM pg_settings WHERE name = 'max_connections') AS max;";
    await expect(sql.query(guide)).rejects.toThrow(/must appear in the GROUP BY clause/);
    const fixed =
      "SELECT current.n AS current_connections, max.max_connections FROM (SELECT count(*) AS n FROM pg_stat_activity) AS current, (SELECT setting::int AS max_connections FROM pg_settings WHERE name = 'max_connections') AS max;";
    const { rows } = await sql.query<{ max_connections: number }>(fixed);
    expect(rows[0]?.max_connections).toBeGreaterThan(0);
  });

  // pg_stat_statements needs shared_preload_libraries (a server setting): the guide's recipe either works or
  // fails with exactly the server's own hint, never with a MUTT schema error.
  it.skipIf(!isRedisProfile).each(PG_STAT_STATEMENTS)('pg_stat_statements recipe: %s', async (q) => {
    const err = await sql.query(q).then(
      () => null,
      (e: unknown) => e as Error,
    );
    if (err)
      expect(err.message).toMatch(
        /pg_stat_statements must be loaded via "?shared_preload_libraries"?|relation "pg_stat_statements" does not exist/,
      );
  });
});
