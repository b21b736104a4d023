// POST /api/{v}/rules/test: dry-run a candidate rule set (or one changed rule) against a sample event
// (with a per-rule trace) or against recent event_audit_log rows. Nothing is written.
import type { AlertRule } from '../../ports/store.js';
import type { ApiRouter } from './api-route.js';
import type { WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { parseDateParam } from './paging.js';
import { patchFromBody, ruleProblem, withDefaults } from './rule-mapping.js';
import { compareOnSamples, decide, devHostSet, traceEvent, type SampleEvent } from './rule-dry-run.js';
import { compileRulePlan } from '../../core/rules/rule-plan.js';
import { ruleTestBody, type RuleBody, type RuleTestBody } from './schemas.js';

const NEW_RULE_ID = -1;

function toRule(body: RuleBody & { id?: number }, id: number): AlertRule | string {
  const input = withDefaults(patchFromBody(body));
  const problem = ruleProblem(input);
  return problem ? problem.message : { id, ...input };
}

function parseAuditEvent(raw: string | null, hostname: string): Record<string, unknown> | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const ev = v as Record<string, unknown>;
    return ev.hostname === undefined ? { ...ev, hostname } : ev;
  } catch {
    return null;
  }
}

export function registerRuleTestRoute(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  api.route('POST', '/rules/test', { endpoint: 'rules_test', tag: 'rules', summary: 'Dry-run candidate rules against a sample event or recent audit rows' }, { body: ruleTestBody }, async (req, reply) => {
    const body = req.body as RuleTestBody;
    const current = (await store.listRules()).filter((r) => r.enabled);
    let candidate: AlertRule[];
    if (body.rules) {
      candidate = [];
      for (const [i, r] of body.rules.entries()) {
        const rule = toRule(r, r.id ?? NEW_RULE_ID - i);
        if (typeof rule === 'string') return sendError(reply, 'MUTT_VALIDATION', `rules[${i}]: ${rule}`);
        candidate.push(rule);
      }
    } else if (body.rule) {
      const existing = body.rule.id === undefined ? undefined : await store.getRule(body.rule.id);
      if (body.rule.id !== undefined && !existing) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
      const merged = existing ? { ...existing, ...patchFromBody(body.rule) } : body.rule;
      const rule = toRule(merged as RuleBody, existing?.id ?? NEW_RULE_ID);
      if (typeof rule === 'string') return sendError(reply, 'MUTT_VALIDATION', rule);
      candidate = [...current.filter((r) => r.id !== rule.id), rule];
    } else {
      return sendError(reply, 'MUTT_VALIDATION', 'Send `rules` (a candidate set) or `rule` (one new or changed rule)');
    }
    const dc = { devHosts: devHostSet(await store.listDevHosts()) };

    if (body.event) {
      const before = compileRulePlan(current);
      const after = compileRulePlan(candidate);
      const a = decide(before, body.event, dc);
      const b = decide(after, body.event, dc);
      return { mode: 'event', changed: JSON.stringify(a) !== JSON.stringify(b), before: a, after: b, trace: traceEvent(after, body.event) };
    }

    const startDate = parseDateParam('start_date', body.start_date, false);
    const endDate = parseDateParam('end_date', body.end_date, true);
    const limit = body.last ?? 500;
    const rows = startDate || endDate
      ? (await store.queryEventAudit({ page: 1, limit, ...(startDate ? { startDate } : {}), ...(endDate ? { endDate } : {}) })).items
      : await store.recentEventAudit(limit);
    const samples = rows.map((r): SampleEvent | null => {
      const ev = parseAuditEvent(r.raw_message, r.hostname);
      return ev ? { event: ev, audit_id: r.id, recorded_rule_id: r.matched_rule_id, recorded_decision: r.handling_decision } : null;
    });
    const summary = compareOnSamples(current, candidate, samples, dc, body.examples ?? 10);
    return {
      mode: 'audit',
      source: startDate || endDate ? 'time_range' : 'last_n',
      note: 'event_audit_log holds handled events only; events no rule matched are not sampled',
      ...summary,
    };
  });
}
