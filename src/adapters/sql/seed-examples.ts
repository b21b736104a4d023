// Example rules for the embedded demo (`mutt start --demo`); never part of the migrations.
// Idempotent: rules are keyed by rule_name, hosts by lower(hostname).
import type { SqlClient } from '../../ports/sql.js';

interface ExampleRule {
  rule_name: string;
  pattern: string | null;
  trap_oid: string | null;
  match_type: 'contains' | 'regex' | 'oid_prefix';
  priority: number;
  prod_handling: string;
  dev_handling: string;
  team_assignment: string;
}

export const EXAMPLE_RULES: readonly ExampleRule[] = [
  {
    rule_name: 'link_updown',
    pattern: 'LINK-3-UPDOWN',
    trap_oid: null,
    match_type: 'contains',
    priority: 5,
    prod_handling: 'Page_and_ticket',
    dev_handling: 'Ticket_only',
    team_assignment: 'NetOps',
  },
  {
    rule_name: 'lineproto_updown',
    pattern: 'LINEPROTO-5-UPDOWN',
    trap_oid: null,
    match_type: 'contains',
    priority: 10,
    prod_handling: 'Ticket_only',
    dev_handling: 'Ignore',
    team_assignment: 'NetOps',
  },
  {
    rule_name: 'sys_config_change',
    pattern: '%SYS-5-CONFIG(_I)?:',
    trap_oid: null,
    match_type: 'regex',
    priority: 20,
    prod_handling: 'Ticket_only',
    dev_handling: 'Ignore',
    team_assignment: 'NetOps',
  },
  {
    rule_name: 'sys_critical',
    pattern: '%[A-Z_]+-[0-2]-[A-Z_]+',
    trap_oid: null,
    match_type: 'regex',
    priority: 30,
    prod_handling: 'Page_and_ticket',
    dev_handling: 'Ticket_only',
    team_assignment: 'NOC',
  },
  {
    rule_name: 'snmp_link_down',
    pattern: null,
    trap_oid: '.1.3.6.1.6.3.1.1.5.3',
    match_type: 'oid_prefix',
    priority: 15,
    prod_handling: 'Page_and_ticket',
    dev_handling: 'Ignore',
    team_assignment: 'NetOps',
  },
  {
    rule_name: 'cisco_syslog_mib_trap',
    pattern: null,
    trap_oid: '.1.3.6.1.4.1.9.9.41.2',
    match_type: 'oid_prefix',
    priority: 25,
    prod_handling: 'Ticket_only',
    dev_handling: 'Ignore',
    team_assignment: 'NetOps',
  },
];

export const EXAMPLE_DEV_HOSTS: readonly string[] = ['dhcp-server-15.internal.example.com'];
export const EXAMPLE_DEVICE_TEAMS: readonly { hostname: string; team_assignment: string }[] = [
  { hostname: 'core-router-01.dc1.example.com', team_assignment: 'NetOps' },
];

/** Inserts the example rules, dev host and device team when missing; returns how many rows were added. */
export async function seedExampleRules(sql: SqlClient): Promise<number> {
  return sql.transaction(async (tx) => {
    let added = 0;
    for (const r of EXAMPLE_RULES) {
      const res = await tx.query(
        `INSERT INTO alert_rules (rule_name, pattern, trap_oid, match_type, priority, prod_handling, dev_handling, team_assignment, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) ON CONFLICT (rule_name) DO NOTHING`,
        [r.rule_name, r.pattern, r.trap_oid, r.match_type, r.priority, r.prod_handling, r.dev_handling, r.team_assignment],
      );
      added += res.rowCount;
    }
    for (const h of EXAMPLE_DEV_HOSTS) {
      const res = await tx.query('INSERT INTO dev_hosts (hostname) VALUES ($1) ON CONFLICT ((lower(hostname))) DO NOTHING', [h]);
      added += res.rowCount;
    }
    for (const t of EXAMPLE_DEVICE_TEAMS) {
      const res = await tx.query(
        'INSERT INTO device_teams (hostname, team_assignment) VALUES ($1, $2) ON CONFLICT ((lower(hostname))) DO NOTHING',
        [t.hostname, t.team_assignment],
      );
      added += res.rowCount;
    }
    return added;
  });
}
