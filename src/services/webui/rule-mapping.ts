// Rules between the API (v2 physical names; v1 adds the Python MUTT aliases match_string/is_active, docs/decisions.md
// D18) and the Store.
import { compileRulePattern, type RulePatternOptions } from '../../core/rules/compile-rule-pattern.js';
import type { AlertRule, AlertRuleInput } from '../../ports/store.js';
import type { RuleBody } from './schemas.js';
import type { ApiVersion } from './versioning.js';

export const RULE_FIELDS = [
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
] as const;

export function toApiRule(rule: AlertRule, v: ApiVersion): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: rule.id,
    rule_name: rule.rule_name,
    pattern: rule.pattern,
    trap_oid: rule.trap_oid,
    syslog_severity: rule.syslog_severity,
    match_type: rule.match_type,
    priority: rule.priority,
    prod_handling: rule.prod_handling,
    dev_handling: rule.dev_handling,
    team_assignment: rule.team_assignment,
    enabled: rule.enabled,
  };
  return v === 'v1' ? { ...base, match_string: rule.pattern, is_active: rule.enabled } : base;
}

/** Fields present in the body (explicit null included), physical names; Python MUTT names accepted. */
export function patchFromBody(body: RuleBody): Partial<AlertRuleInput> {
  const out: Record<string, unknown> = {};
  const b = body as Record<string, unknown>;
  for (const f of RULE_FIELDS) if (f in b) out[f] = b[f];
  if (!('pattern' in b) && 'match_string' in b) out.pattern = b.match_string;
  if (!('enabled' in b) && 'is_active' in b) out.enabled = b.is_active;
  for (const f of ['pattern', 'trap_oid'] as const) if (out[f] === '') out[f] = null;
  return out as Partial<AlertRuleInput>;
}

export function withDefaults(patch: Partial<AlertRuleInput>): AlertRuleInput {
  const matchType = patch.match_type ?? (!patch.pattern && patch.trap_oid ? 'oid_prefix' : 'contains');
  return {
    rule_name: patch.rule_name ?? null,
    pattern: patch.pattern ?? null,
    trap_oid: patch.trap_oid ?? null,
    syslog_severity: patch.syslog_severity ?? null,
    match_type: matchType,
    priority: patch.priority ?? 100,
    prod_handling: patch.prod_handling ?? '',
    dev_handling: patch.dev_handling ?? '',
    team_assignment: patch.team_assignment ?? '',
    enabled: patch.enabled ?? true,
  };
}

/** Semantic checks on the whole record after a partial update is merged in; null when valid. */
export type RuleProblemCode = 'MUTT_VALIDATION' | 'MUTT_WEBUI_INVALID_PATTERN' | 'MUTT_RULE_PATTERN_TOO_COSTLY';

export function ruleProblem(r: AlertRuleInput, opts: RulePatternOptions = {}): { code: RuleProblemCode; message: string } | null {
  if (!r.pattern && !r.trap_oid) return { code: 'MUTT_VALIDATION', message: 'Either match_string or trap_oid is required' };
  for (const f of ['prod_handling', 'dev_handling', 'team_assignment'] as const) {
    if (!r[f] || r[f].trim() === '') return { code: 'MUTT_VALIDATION', message: `${f} must be a non-empty string` };
  }
  if (r.match_type === 'oid_prefix' && !r.trap_oid)
    return { code: 'MUTT_VALIDATION', message: 'match_type oid_prefix requires trap_oid' };
  if (r.match_type !== 'oid_prefix' && !r.pattern)
    return { code: 'MUTT_VALIDATION', message: `match_type ${r.match_type} requires match_string (pattern)` };
  if (r.match_type === 'regex' && r.pattern) {
    const compiled = compileRulePattern(r.pattern, opts);
    if (!compiled.ok && compiled.tooCostly)
      return { code: 'MUTT_RULE_PATTERN_TOO_COSTLY', message: `Regex in match_string is too costly: ${compiled.error}` };
    if (!compiled.ok) return { code: 'MUTT_WEBUI_INVALID_PATTERN', message: `Invalid regex in match_string: ${compiled.error}` };
  }
  return null;
}
