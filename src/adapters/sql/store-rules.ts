// alert_rules reads and audited writes.
import type { SqlClient, SqlExecutor } from '../../ports/sql.js';
import type { AlertRule, AlertRuleInput, ChangeContext, MatchType, Store } from '../../ports/store.js';
import {
  FK_VIOLATION,
  insertConfigAudit,
  RESTRICT_VIOLATION,
  likeContains,
  mapWriteError,
  sqlState,
  Where,
} from './store-common.js';

const RULE_COLUMNS = [
  'rule_name',
  'pattern',
  'trap_oid',
  'syslog_severity',
  'match_type',
  'priority',
  'prod_handling',
  'dev_handling',
  'team_assignment',
  'enabled',
] as const satisfies readonly (keyof AlertRuleInput)[];

const SELECT_RULE = `SELECT id, ${RULE_COLUMNS.join(', ')} FROM alert_rules`;

interface RuleRow {
  id: number | string;
  rule_name: string | null;
  pattern: string | null;
  trap_oid: string | null;
  syslog_severity: number | null;
  match_type: string;
  priority: number;
  prod_handling: string;
  dev_handling: string;
  team_assignment: string;
  enabled: boolean;
}

function toRule(r: RuleRow): AlertRule {
  return {
    id: Number(r.id),
    rule_name: r.rule_name,
    pattern: r.pattern,
    trap_oid: r.trap_oid,
    syslog_severity: r.syslog_severity === null ? null : Number(r.syslog_severity),
    match_type: r.match_type as MatchType,
    priority: Number(r.priority),
    prod_handling: r.prod_handling,
    dev_handling: r.dev_handling,
    team_assignment: r.team_assignment,
    enabled: r.enabled,
  };
}

function snapshot(rule: AlertRule): Record<string, unknown> {
  return { ...rule };
}

async function lockRule(tx: SqlExecutor, id: number): Promise<AlertRule | null> {
  const { rows } = await tx.query<RuleRow>(`${SELECT_RULE} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? toRule(rows[0]) : null;
}

type RuleMethods = Pick<Store, 'loadEnabledRules' | 'listRules' | 'getRule' | 'createRule' | 'updateRule' | 'deleteRule'>;

export function ruleMethods(sql: SqlClient): RuleMethods {
  return {
    async loadEnabledRules() {
      const { rows } = await sql.query<RuleRow>(`${SELECT_RULE} WHERE enabled = true ORDER BY priority ASC, id ASC`);
      return rows.map(toRule);
    },

    async listRules(filter = {}) {
      const w = new Where();
      if (filter.enabled !== undefined) w.add((p) => `enabled = ${p}`, filter.enabled);
      if (filter.search) {
        w.add(
          (p) => `(rule_name ILIKE ${p} OR pattern ILIKE ${p} OR trap_oid ILIKE ${p} OR team_assignment ILIKE ${p})`,
          likeContains(filter.search),
        );
      }
      const { rows } = await sql.query<RuleRow>(`${SELECT_RULE} ${w.sql()} ORDER BY priority ASC, id ASC`, w.params);
      return rows.map(toRule);
    },

    async getRule(id) {
      const { rows } = await sql.query<RuleRow>(`${SELECT_RULE} WHERE id = $1`, [id]);
      return rows[0] ? toRule(rows[0]) : null;
    },

    async createRule(input: AlertRuleInput, ctx: ChangeContext) {
      try {
        return await sql.transaction(async (tx) => {
          const placeholders = RULE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
          const { rows } = await tx.query<RuleRow>(
            `INSERT INTO alert_rules (${RULE_COLUMNS.join(', ')}) VALUES (${placeholders}) RETURNING id, ${RULE_COLUMNS.join(', ')}`,
            RULE_COLUMNS.map((c) => input[c]),
          );
          const rule = toRule(rows[0] as RuleRow);
          await insertConfigAudit(tx, 'alert_rules', rule.id, 'CREATE', null, snapshot(rule), ctx);
          return rule;
        });
      } catch (err) {
        return mapWriteError(err);
      }
    },

    async updateRule(id, patch, ctx) {
      const cols = RULE_COLUMNS.filter((c) => patch[c] !== undefined);
      try {
        return await sql.transaction(async (tx) => {
          const before = await lockRule(tx, id);
          if (!before) return null;
          if (cols.length === 0) return before;
          const sets = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
          const { rows } = await tx.query<RuleRow>(
            `UPDATE alert_rules SET ${sets} WHERE id = $1 RETURNING id, ${RULE_COLUMNS.join(', ')}`,
            [id, ...cols.map((c) => patch[c])],
          );
          const after = toRule(rows[0] as RuleRow);
          await insertConfigAudit(tx, 'alert_rules', id, 'UPDATE', snapshot(before), snapshot(after), ctx);
          return after;
        });
      } catch (err) {
        return mapWriteError(err);
      }
    },

    async deleteRule(id, ctx) {
      try {
        return await sql.transaction(async (tx) => {
          const before = await lockRule(tx, id);
          if (!before) return 'not_found' as const;
          await tx.query('DELETE FROM alert_rules WHERE id = $1', [id]);
          await insertConfigAudit(tx, 'alert_rules', id, 'DELETE', snapshot(before), null, ctx);
          return 'deleted' as const;
        });
      } catch (err) {
        // event_audit_log rows reference the rule (ON DELETE RESTRICT): it can only be disabled.
        const state = sqlState(err);
        if (state === FK_VIOLATION || state === RESTRICT_VIOLATION) return 'in_use';
        throw err;
      }
    },
  };
}
