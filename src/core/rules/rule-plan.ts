// Compiles the enabled rules once per cache load into a plan: rules in (priority, id) order, one RE2 per regex,
// one RE2Set over every text pattern (one linear pass per event), and an OID-prefix index keyed by whole arcs.
import { RE2JS, RE2Set } from 're2js';
import type { AlertRule } from '../../ports/store.js';
import { compileRulePattern } from './compile-rule-pattern.js';

export type TextMatcher =
  | { readonly kind: 'contains'; readonly needle: string }
  | { readonly kind: 'regex'; readonly regex: RE2JS; readonly source: string };

export interface PlannedRule {
  readonly rule: AlertRule;
  /** Position in (priority, id) order: lower wins. */
  readonly order: number;
  /** The rule has a truthy trap_oid, so trap events only try its OID (alerter.md §6.5). */
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
}

export interface RulePlan {
  readonly rules: readonly PlannedRule[];
  /** Rules with a text matcher, in order (fallback path when the set is unavailable). */
  readonly textRules: readonly PlannedRule[];
  /** Regex rules left out of this generation because RE2 rejected them. */
  readonly invalid: readonly InvalidRule[];
  /** Rules that can never match (P-2), kept for one warning per reload. */
  readonly dead: readonly PlannedRule[];
  /** One automaton over all text patterns; null when it could not be built (then rules are tried one by one). */
  readonly textSet: RE2Set | null;
  /** textSet pattern index → rule order. */
  readonly setToOrder: Int32Array;
  /** Normalised OID prefix → lowest rule order with that prefix. */
  readonly oidIndex: ReadonlyMap<string, number>;
}

/** Strips one leading `.` (both sides) and a trailing `.*`/`*`/`.` from a rule OID (alerter.md §6.5 item 2). */
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

function textMatcherFor(rule: AlertRule): { text: TextMatcher | null; error?: string } {
  const pattern = rule.pattern ?? '';
  if (pattern === '') return { text: null };
  if (rule.match_type === 'contains') return { text: { kind: 'contains', needle: pattern.toLowerCase() } };
  if (rule.match_type === 'regex') {
    const c = compileRulePattern(pattern);
    if (!c.ok) return { text: null, error: c.error };
    return { text: { kind: 'regex', regex: c.regex, source: c.source } };
  }
  return { text: null };
}

function buildTextSet(textRules: readonly PlannedRule[]): { set: RE2Set | null; setToOrder: Int32Array } {
  const setToOrder = new Int32Array(textRules.length);
  if (textRules.length === 0) return { set: null, setToOrder };
  try {
    const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE);
    textRules.forEach((pr, i) => {
      const t = pr.text as TextMatcher;
      set.add(t.kind === 'contains' ? RE2JS.quote(t.needle) : t.source);
      setToOrder[i] = pr.order;
    });
    set.compile();
    return { set, setToOrder };
  } catch {
    // Too large for one automaton: the sequential path gives the same answers, only slower.
    return { set: null, setToOrder };
  }
}

export function compileRulePlan(rules: readonly AlertRule[]): RulePlan {
  const planned: PlannedRule[] = [];
  const invalid: InvalidRule[] = [];
  const dead: PlannedRule[] = [];
  for (const rule of sortRules(rules)) {
    if (rule.enabled === false) continue;
    const { text, error } = textMatcherFor(rule);
    if (error !== undefined) {
      invalid.push({ rule, error });
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
  const { set, setToOrder } = buildTextSet(textRules);
  const oidIndex = new Map<string, number>();
  for (const pr of planned) {
    if (pr.oid !== null && !oidIndex.has(pr.oid)) oidIndex.set(pr.oid, pr.order);
  }
  return { rules: planned, textRules, invalid, dead, textSet: set, setToOrder, oidIndex };
}
