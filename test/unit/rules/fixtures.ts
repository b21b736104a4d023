import type { AlertRule } from '../../../src/ports/store.js';

let nextId = 1;
export function rule(p: Partial<AlertRule>): AlertRule {
  return {
    id: p.id ?? nextId++,
    rule_name: p.rule_name ?? null,
    pattern: p.pattern ?? null,
    trap_oid: p.trap_oid ?? null,
    syslog_severity: p.syslog_severity ?? null,
    match_type: p.match_type ?? 'contains',
    priority: p.priority ?? 100,
    prod_handling: p.prod_handling ?? 'Page_and_ticket',
    dev_handling: p.dev_handling ?? 'Ignore',
    team_assignment: p.team_assignment ?? 'NETO',
    enabled: p.enabled ?? true,
  };
}
