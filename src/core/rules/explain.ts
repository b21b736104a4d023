// Pure explain: which rules were tried, which matched, and what the alerter would do with the event.
import { correlationIdOf } from '../correlation.js';
import type { AlertRule, DeviceTeam } from '../domain/alert-rule.js';
import { buildAlert, type AlertPayload } from './alert-payload.js';
import { decideHandling, devHostSet, deviceTeamFor, environmentOf, teamMap, type Environment } from './handling.js';
import { evaluateRule, matchInputOf, messageText, type MatchInput } from './match-event.js';
import { compileRulePlan, type RulePlan } from './rule-plan.js';
import { unhandledSignature } from './unhandled-signature.js';

export interface TriedRule {
  readonly rule_id: number;
  readonly rule_name: string | null;
  readonly priority: number;
  readonly match_type: string;
  readonly matched: boolean;
  readonly branch: 'oid' | 'text' | 'none';
  readonly reason?: string;
}

export interface ExplainResult {
  readonly correlation_id: string;
  readonly input: {
    readonly message: string | null;
    readonly trap_oid: string | null;
    readonly severity: number | null;
    readonly hostname: string;
  };
  readonly tried: readonly TriedRule[];
  /** Regex rules RE2 rejected or over RULE_REGEX_MAX_PROGRAM_SIZE; the alerter skips them too. */
  readonly invalid_rules: readonly InvalidRuleSummary[];
  readonly matched: {
    readonly rule_id: number;
    readonly rule_name: string | null;
    readonly priority: number;
    readonly branch: 'oid' | 'text';
  } | null;
  readonly environment: Environment;
  /** Handling value applied, or `unhandled`. */
  readonly handling: string;
  readonly forward: boolean;
  readonly team: string;
  /** The alert that would be queued for a forwarded match, else null. */
  readonly payload: AlertPayload | null;
  /** For unmatched events: the counter signature (first 16 hex of SHA-1 of the message). */
  readonly unhandled_signature: string | null;
}

export interface InvalidRuleSummary {
  readonly rule_id: number;
  readonly code: 'MUTT_WEBUI_INVALID_PATTERN' | 'MUTT_RULE_PATTERN_TOO_COSTLY';
  readonly error: string;
}

export interface ExplainOptions {
  readonly defaultTeam?: string;
  /** RULE_REGEX_MAX_PROGRAM_SIZE, so explain skips exactly the rules the alerter skips. */
  readonly maxProgramSize?: number;
}

function invalidSummary(plan: RulePlan): InvalidRuleSummary[] {
  return plan.invalid.map((i) => ({
    rule_id: i.rule.id,
    code: i.tooCostly ? 'MUTT_RULE_PATTERN_TOO_COSTLY' : 'MUTT_WEBUI_INVALID_PATTERN',
    error: i.error,
  }));
}

function inputSummary(input: MatchInput, hostname: string): ExplainResult['input'] {
  return { message: input.message, trap_oid: input.trapOid, severity: input.severity, hostname };
}

export function explainEvent(
  event: Readonly<Record<string, unknown>>,
  rules: readonly AlertRule[],
  devHosts: readonly string[],
  teams: readonly DeviceTeam[],
  opts: ExplainOptions = {},
): ExplainResult {
  const plan = compileRulePlan(rules, opts.maxProgramSize === undefined ? {} : { maxProgramSize: opts.maxProgramSize });
  const input = matchInputOf(event);
  const hostname = typeof event.hostname === 'string' ? event.hostname : String(event.hostname ?? '');
  const correlationId = correlationIdOf(event) ?? 'unknown';
  const dev = devHostSet(devHosts);
  const tried: TriedRule[] = [];
  const head = {
    correlation_id: correlationId,
    input: inputSummary(input, hostname),
    tried,
    invalid_rules: invalidSummary(plan),
  };
  for (const pr of plan.rules) {
    const o = evaluateRule(pr, input);
    const base = {
      rule_id: pr.rule.id,
      rule_name: pr.rule.rule_name,
      priority: pr.rule.priority,
      match_type: pr.rule.match_type,
    };
    if (o.matched) {
      tried.push({ ...base, matched: true, branch: o.branch });
      const decision = decideHandling(pr.rule, hostname, dev);
      const message = messageText(event.message) ?? '';
      return {
        ...head,
        matched: { rule_id: pr.rule.id, rule_name: pr.rule.rule_name, priority: pr.rule.priority, branch: o.branch },
        environment: decision.environment,
        handling: decision.handling,
        forward: decision.forward,
        team: pr.rule.team_assignment,
        payload: decision.forward ? buildAlert(event, hostname, message, pr.rule, decision, correlationId) : null,
        unhandled_signature: null,
      };
    }
    tried.push({ ...base, matched: false, branch: o.branch, reason: o.reason });
  }
  return {
    ...head,
    matched: null,
    environment: environmentOf(hostname, dev),
    handling: 'unhandled',
    forward: false,
    team: deviceTeamFor(hostname, teamMap(teams), opts.defaultTeam ?? 'NETO'),
    payload: null,
    unhandled_signature: unhandledSignature(messageText(event.message) ?? ''),
  };
}
