// Rule dry-run (pure): decide events under the current and a candidate rule set and report the differences.
// Uses the alerter's own plan and matcher, so the answer is what an alerter would do. Writes nothing.
import { evaluateRule, matchEvent, matchInputOf } from '../../core/rules/match-event.js';
import type { RulePlan } from '../../core/rules/rule-plan.js';

const FORWARDED = new Set(['page_and_ticket', 'page_only', 'ticket_only']);

export interface Decision {
  readonly matched_rule_id: number | null;
  readonly rule_name: string | null;
  readonly handling_decision: string | null;
  readonly forwarded_to_moog: boolean;
  readonly environment: 'dev' | 'prod';
}

export interface DecisionContext {
  readonly devHosts: ReadonlySet<string>;
}

export function devHostSet(hosts: readonly string[]): Set<string> {
  return new Set(hosts.map((h) => h.toLowerCase()));
}

export function decide(plan: RulePlan, event: Readonly<Record<string, unknown>>, dc: DecisionContext): Decision {
  const host = typeof event.hostname === 'string' ? event.hostname.toLowerCase() : '';
  const environment = dc.devHosts.has(host) ? 'dev' : 'prod';
  const hit = matchEvent(plan, matchInputOf(event));
  if (!hit) return { matched_rule_id: null, rule_name: null, handling_decision: null, forwarded_to_moog: false, environment };
  const handling = environment === 'dev' ? hit.rule.dev_handling : hit.rule.prod_handling;
  return {
    matched_rule_id: hit.rule.id,
    rule_name: hit.rule.rule_name,
    handling_decision: handling,
    forwarded_to_moog: FORWARDED.has(handling.toLowerCase()),
    environment,
  };
}

/** Per-rule trace for one event (why each rule did or did not match), in evaluation order. */
export function traceEvent(plan: RulePlan, event: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const input = matchInputOf(event);
  const out: Record<string, unknown>[] = plan.rules.map((pr) => {
    const o = evaluateRule(pr, input);
    return {
      rule_id: pr.rule.id,
      rule_name: pr.rule.rule_name,
      priority: pr.rule.priority,
      matched: o.matched,
      ...(o.matched ? {} : { reason: o.reason }),
    };
  });
  for (const inv of plan.invalid)
    out.push({ rule_id: inv.rule.id, rule_name: inv.rule.rule_name, matched: false, reason: `invalid regex: ${inv.error}` });
  return out;
}

export function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a.matched_rule_id === b.matched_rule_id &&
    a.handling_decision === b.handling_decision &&
    a.forwarded_to_moog === b.forwarded_to_moog
  );
}

export interface SampleEvent {
  readonly event: Record<string, unknown>;
  readonly audit_id?: number;
  readonly recorded_rule_id?: number;
  readonly recorded_decision?: string;
}

export interface DryRunSummary {
  readonly evaluated: number;
  readonly changed: number;
  readonly unparsable: number;
  readonly examples: Record<string, unknown>[];
}
