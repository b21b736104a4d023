// First-match-wins rule matching (Python MUTT semantics, with severity and OID normalised). Two paths give the same answer:
// the planned path (one RE2Set pass + OID index) and the sequential path, which explain uses to show its work.
import { MAX_REGEX_INPUT } from './compile-rule-pattern.js';
import { normalizeEventOid, type PlannedRule, type RulePlan } from './rule-plan.js';
import { eventSeverity } from './severity.js';

export interface MatchInput {
  /** Message as text; null when absent or empty (not truthy). */
  readonly message: string | null;
  /** Lower-cased message for `contains`, computed once. */
  readonly messageLower: string | null;
  /** True when the event's trap_oid is truthy: only OID rules are tried for OID-bearing rules. */
  readonly hasTrapOid: boolean;
  readonly trapOid: string | null;
  readonly severity: number | null;
}

/** Non-string messages are coerced (numbers/booleans with String, objects with JSON) instead of failing (I-15). */
export function messageText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? null;
}

export function matchInputOf(event: Readonly<Record<string, unknown>>): MatchInput {
  const text = messageText(event.message);
  const message = text === null || text === '' ? null : text;
  const rawOid = event.trap_oid;
  const oidText = typeof rawOid === 'string' ? rawOid : typeof rawOid === 'number' ? String(rawOid) : '';
  const hasTrapOid = oidText !== '';
  return {
    message,
    messageLower: message === null ? null : message.toLowerCase(),
    hasTrapOid,
    trapOid: hasTrapOid ? normalizeEventOid(oidText) : null,
    severity: eventSeverity(event),
  };
}

export type RuleOutcome =
  | { readonly matched: true; readonly branch: 'oid' | 'text' }
  | { readonly matched: false; readonly branch: 'oid' | 'text' | 'none'; readonly reason: string };

function oidMatches(ruleOid: string, eventOid: string): boolean {
  return eventOid === ruleOid || eventOid.startsWith(`${ruleOid}.`);
}

function textMatches(pr: PlannedRule, input: MatchInput): boolean {
  const t = pr.text;
  if (t === null || input.message === null) return false;
  if (t.kind === 'contains') return (input.messageLower as string).includes(t.needle);
  const subject = input.message.length > MAX_REGEX_INPUT ? input.message.slice(0, MAX_REGEX_INPUT) : input.message;
  return t.regex.test(subject);
}

/** One rule against one event, with the reason when it does not match. */
export function evaluateRule(pr: PlannedRule, input: MatchInput): RuleOutcome {
  if (input.hasTrapOid && pr.hasOid) {
    if (pr.rule.match_type !== 'oid_prefix')
      return {
        matched: false,
        branch: 'oid',
        reason: `trap event and rule has trap_oid but match_type is ${pr.rule.match_type}`,
      };
    if (pr.oid === null || input.trapOid === null || !oidMatches(pr.oid, input.trapOid)) {
      return { matched: false, branch: 'oid', reason: `trap_oid ${input.trapOid ?? ''} is not under ${pr.oid ?? '(empty)'}` };
    }
    return { matched: true, branch: 'oid' };
  }
  if (input.message === null) return { matched: false, branch: 'none', reason: 'event has no message' };
  if (pr.text === null) {
    const why = pr.rule.match_type === 'oid_prefix' ? 'oid_prefix rule and the event has no trap_oid' : 'rule has no pattern';
    return { matched: false, branch: 'none', reason: why };
  }
  if (pr.severity !== null && pr.severity !== input.severity) {
    return { matched: false, branch: 'text', reason: `syslog_severity ${String(input.severity)} != rule ${pr.severity}` };
  }
  if (!textMatches(pr, input))
    return { matched: false, branch: 'text', reason: `${pr.rule.match_type} pattern not found in message` };
  return { matched: true, branch: 'text' };
}

/** Tries rules in order; the first match wins. */
export function matchEventSequential(plan: RulePlan, input: MatchInput): PlannedRule | null {
  for (const pr of plan.rules) if (evaluateRule(pr, input).matched) return pr;
  return null;
}

function textAdmissible(pr: PlannedRule, input: MatchInput): boolean {
  if (input.hasTrapOid && pr.hasOid) return false;
  return pr.severity === null || pr.severity === input.severity;
}

/** The hot path: one literal pass (Aho-Corasick) + an OID-prefix walk; RE2 runs only for regex candidates that
 * could still beat the best match so far. Same answers as matchEventSequential. */
export function matchEvent(plan: RulePlan, input: MatchInput): PlannedRule | null {
  const lower = input.messageLower;
  if (input.message !== null && (input.message.length > MAX_REGEX_INPUT || (lower as string).includes('\u017f'))) {
    return matchEventSequential(plan, input);
  }
  let best = Number.MAX_SAFE_INTEGER;
  const oid = input.trapOid;
  if (input.hasTrapOid && oid !== null && plan.oidIndex.size > 0) {
    let prefix = oid;
    for (;;) {
      const o = plan.oidIndex.get(prefix);
      if (o !== undefined && o < best) best = o;
      const cut = prefix.lastIndexOf('.');
      if (cut <= 0) break;
      prefix = prefix.slice(0, cut);
    }
  }
  if (lower === null) return best === Number.MAX_SAFE_INTEGER ? null : (plan.rules[best] as PlannedRule);
  const candidates: number[] = [];
  const touched: number[] = [];
  const seen = plan.scratchSeen;
  const count = plan.scratchCount;
  plan.literals.scan(lower, (lit) => {
    if (seen[lit] === 1) return;
    seen[lit] = 1;
    touched.push(lit);
    const order = plan.literalRule[lit] as number;
    if (order >= best) return;
    const c = (count[order] as number) + 1;
    count[order] = c;
    if (c !== plan.guardCount[order]) return;
    if (!textAdmissible(plan.rules[order] as PlannedRule, input)) return;
    if (plan.literalKind[order] === 1) best = order;
    else candidates.push(order);
  });
  for (const lit of touched) {
    seen[lit] = 0;
    count[plan.literalRule[lit] as number] = 0;
  }
  for (const pr of plan.unguarded) {
    if (pr.order >= best) break;
    candidates.push(pr.order);
  }
  if (candidates.length > 0) {
    candidates.sort((a, b) => a - b);
    for (const order of candidates) {
      if (order >= best) break;
      const pr = plan.rules[order] as PlannedRule;
      if (textAdmissible(pr, input) && textMatches(pr, input)) {
        best = order;
        break;
      }
    }
  }
  return best === Number.MAX_SAFE_INTEGER ? null : (plan.rules[best] as PlannedRule);
}
