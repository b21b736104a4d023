// Compiles the enabled rules once per cache load into a plan: rules in (priority, id) order, one RE2 per regex,
// one Aho-Corasick pass per event over every contains needle and regex guard literal, and an OID-prefix index.
import type { RE2JS } from 're2js';
import type { AlertRule } from '../domain/alert-rule.js';
import { compileRulePattern, type RulePatternOptions } from './compile-rule-pattern.js';
import { LiteralIndex } from './literal-index.js';
import { regexGuards } from './regex-guard.js';

export type TextMatcher =
  | { readonly kind: 'contains'; readonly needle: string }
  | { readonly kind: 'regex'; readonly regex: RE2JS; readonly source: string };

export interface PlannedRule {
  readonly rule: AlertRule;
  /** Position in (priority, id) order: lower wins. */
  readonly order: number;
  /** The rule has a truthy trap_oid, so trap events only try its OID, never its text pattern (Python MUTT semantics). */
  readonly hasOid: boolean;
  /** Normalised OID prefix for oid_prefix rules, else null. */
  readonly oid: string | null;
  /** Text matcher for contains/regex rules with a pattern, else null. */
  readonly text: TextMatcher | null;
  readonly severity: number | null;
}

export interface InvalidRule {
  readonly rule: AlertRule;
  readonly error: string;
  /** Valid RE2 but over RULE_REGEX_MAX_PROGRAM_SIZE. */
  readonly tooCostly: boolean;
}

export interface RulePlan {
  readonly rules: readonly PlannedRule[];
  /** Rules with a text matcher, in order (fallback path when the set is unavailable). */
  readonly textRules: readonly PlannedRule[];
  /** Regex rules left out of this generation: RE2 rejected them or they are over the program-size budget. */
  readonly invalid: readonly InvalidRule[];
  /** Rules that can never match (P-2), kept for one warning per reload. */
  readonly dead: readonly PlannedRule[];
  /** contains needles and regex guard literals, each with its own literal id. */
  readonly literals: LiteralIndex;
  /** literal id → rule order. */
  readonly literalRule: Int32Array;
  /** Per rule order: 1 contains (its literal is a match), 2 guarded regex (a candidate once all guards hit), 0 other. */
  readonly literalKind: Uint8Array;
  /** Per rule order: how many distinct literals must be seen. */
  readonly guardCount: Uint8Array;
  /** Scratch for matchEvent (synchronous, so one per plan is safe): per literal seen flag, per rule hit count. */
  readonly scratchSeen: Uint8Array;
  readonly scratchCount: Uint8Array;
  /** Regex rules without a guard literal, in order: always candidates. */
  readonly unguarded: readonly PlannedRule[];
  /** Normalised OID prefix → lowest rule order with that prefix. */
  readonly oidIndex: ReadonlyMap<string, number>;
}

/** Strips one leading `.` (both sides) and a trailing `.*`/`*`/`.` from a rule OID, so `1.3.6` and `.1.3.6.*` match
 * alike; matching then stops at an arc boundary (`.1.2.3` does not match `.1.2.30`). */
export function normalizeRuleOid(oid: string): string {
  let o = oid.trim();
  if (o.startsWith('.')) o = o.slice(1);
  if (o.endsWith('*')) o = o.slice(0, -1);
  if (o.endsWith('.')) o = o.slice(0, -1);
  return o;
}

export function normalizeEventOid(oid: string): string {
  const o = oid.trim();
  return o.startsWith('.') ? o.slice(1) : o;
}

/** (priority, id) ascending: equal priorities are decided by the lower id, deterministically. */
export function sortRules(rules: readonly AlertRule[]): AlertRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || a.id - b.id);
}

function textMatcherFor(
  rule: AlertRule,
  opts: RulePatternOptions,
): { text: TextMatcher | null; error?: string; tooCostly?: boolean } {
  const pattern = rule.pattern ?? '';
  if (pattern === '') return { text: null };
  if (rule.match_type === 'contains') return { text: { kind: 'contains', needle: pattern.toLowerCase() } };
  if (rule.match_type === 'regex') {
    const c = compileRulePattern(pattern, opts);
    if (!c.ok) return { text: null, error: c.error, tooCostly: c.tooCostly };
    return { text: { kind: 'regex', regex: c.regex, source: c.source } };
  }
  return { text: null };
}

interface LiteralTables {
  literals: LiteralIndex;
  literalRule: Int32Array;
  literalKind: Uint8Array;
  guardCount: Uint8Array;
  unguarded: PlannedRule[];
}

function buildLiterals(planned: readonly PlannedRule[]): LiteralTables {
  const literals = new LiteralIndex();
  const literalRule: number[] = [];
  const literalKind = new Uint8Array(planned.length);
  const guardCount = new Uint8Array(planned.length);
  const unguarded: PlannedRule[] = [];
  const add = (lit: string, order: number): void => {
    literals.add(lit, literalRule.length);
    literalRule.push(order);
  };
  for (const pr of planned) {
    const t = pr.text;
    if (t === null) continue;
    if (t.kind === 'contains') {
      add(t.needle, pr.order);
      literalKind[pr.order] = 1;
      guardCount[pr.order] = 1;
      continue;
    }
    const guards = regexGuards(t.source).slice(0, 8);
    if (guards.length === 0) {
      unguarded.push(pr);
      continue;
    }
    for (const g of guards) add(g, pr.order);
    literalKind[pr.order] = 2;
    guardCount[pr.order] = guards.length;
  }
  literals.build();
  return { literals, literalRule: Int32Array.from(literalRule), literalKind, guardCount, unguarded };
}

export function compileRulePlan(rules: readonly AlertRule[], opts: RulePatternOptions = {}): RulePlan {
  const planned: PlannedRule[] = [];
  const invalid: InvalidRule[] = [];
  const dead: PlannedRule[] = [];
  for (const rule of sortRules(rules)) {
    if (rule.enabled === false) continue;
    const { text, error, tooCostly } = textMatcherFor(rule, opts);
    if (error !== undefined) {
      invalid.push({ rule, error, tooCostly: tooCostly === true });
      continue;
    }
    const hasOid = typeof rule.trap_oid === 'string' && rule.trap_oid !== '';
    const norm = hasOid && rule.match_type === 'oid_prefix' ? normalizeRuleOid(rule.trap_oid as string) : '';
    const pr: PlannedRule = {
      rule,
      order: planned.length,
      hasOid,
      oid: norm === '' ? null : norm,
      text,
      severity: rule.syslog_severity ?? null,
    };
    planned.push(pr);
    if (pr.oid === null && pr.text === null) dead.push(pr);
  }
  const textRules = planned.filter((pr) => pr.text !== null);
  const lit = buildLiterals(planned);
  const oidIndex = new Map<string, number>();
  for (const pr of planned) {
    if (pr.oid !== null && !oidIndex.has(pr.oid)) oidIndex.set(pr.oid, pr.order);
  }
  return {
    rules: planned,
    textRules,
    invalid,
    dead,
    oidIndex,
    ...lit,
    scratchSeen: new Uint8Array(lit.literalRule.length),
    scratchCount: new Uint8Array(planned.length),
  };
}
