// POST /api/{v}/rules/test: dry-run a candidate rule set (or one changed rule) against a sample event
// (with a per-rule trace) or against recent event_audit_log rows. Nothing is written. Validation, compilation and
// matching run in a worker thread under WEBUI_RULE_TEST_BUDGET_MS (docs/webui-api.md, "Dry-run budget").
import type { AlertRule } from '../../ports/store.js';
import type { ApiRouter } from './api-route.js';
import { patternOptions, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { parseDateParam } from './paging.js';
import { patchFromBody, withDefaults } from './rule-mapping.js';
import type { AuditSampleRow, DryRunJob } from './rule-dry-run-job.js';
import { RuleDryRunRunner } from './rule-dry-run-runner.js';
import { ruleTestBody, type RuleBody } from './schemas.js';

const NEW_RULE_ID = -1;
const NOTE = 'event_audit_log holds handled events only; events no rule matched are not sampled';

function toRule(body: RuleBody, id: number): AlertRule {
  return { id, ...withDefaults(patchFromBody(body)) };
}

export function registerRuleTestRoute(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  const runner = new RuleDryRunRunner({
    budgetMs: deps.ctx.config.webuiRuleTestBudgetMs,
    ...(deps.opts.ruleDryRunWorker ? { workerUrl: deps.opts.ruleDryRunWorker } : {}),
  });
  api.route(
    'POST',
    '/rules/test',
    { endpoint: 'rules_test', tag: 'rules', summary: 'Dry-run candidate rules against a sample event or recent audit rows' },
    { body: ruleTestBody },
    async (req, reply) => {
      const body = req.body;
      const current = (await store.listRules()).filter((r) => r.enabled);
      let candidate: AlertRule[];
      let candidateLabels: (string | null)[];
      if (body.rules) {
        candidate = body.rules.map((r, i) => toRule(r, r.id ?? NEW_RULE_ID - i));
        candidateLabels = candidate.map((_r, i) => `rules[${i}]`);
      } else if (body.rule) {
        const existing = body.rule.id === undefined ? undefined : await store.getRule(body.rule.id);
        if (body.rule.id !== undefined && !existing) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
        const merged = existing ? { ...existing, ...patchFromBody(body.rule) } : body.rule;
        const rule = toRule(merged as RuleBody, existing?.id ?? NEW_RULE_ID);
        candidate = [...current.filter((r) => r.id !== rule.id), rule];
        // Only the sent rule is validated: stored rules were checked on write (or are skipped like the alerter does).
        candidateLabels = candidate.map((r) => (r === rule ? '' : null));
      } else {
        return sendError(reply, 'MUTT_VALIDATION', 'Send `rules` (a candidate set) or `rule` (one new or changed rule)');
      }
      const base = {
        current,
        candidate,
        candidateLabels,
        devHosts: await store.listDevHosts(),
        patternOptions: patternOptions(deps),
        examples: body.examples ?? 10,
      };
      const budget = runner.budgetMs;

      if (body.event) {
        const r = await runner.run({ ...base, event: body.event });
        if (!r.finished)
          return 'busy' in r
            ? sendError(reply, 'MUTT_WEBUI_RULE_TEST_BUSY')
            : sendError(reply, 'MUTT_WEBUI_RULE_TEST_TIMEOUT', `Dry-run exceeded WEBUI_RULE_TEST_BUDGET_MS=${budget}`, {
                budget_ms: budget,
              });
        const o = r.outcome;
        if (o.kind === 'invalid') return sendError(reply, o.code, o.message);
        if (o.kind !== 'event') throw new Error('dry-run worker answered an event job with an audit outcome');
        return { mode: 'event', changed: o.changed, before: o.before, after: o.after, trace: o.trace };
      }

      const startDate = parseDateParam('start_date', body.start_date, false);
      const endDate = parseDateParam('end_date', body.end_date, true);
      const limit = body.last ?? 500;
      const records =
        startDate || endDate
          ? (
              await store.queryEventAudit({
                page: 1,
                limit,
                ...(startDate ? { startDate } : {}),
                ...(endDate ? { endDate } : {}),
              })
            ).items
          : await store.recentEventAudit(limit);
      const rows: AuditSampleRow[] = records.map((r) => ({
        id: r.id,
        hostname: r.hostname,
        raw_message: r.raw_message,
        matched_rule_id: r.matched_rule_id,
        handling_decision: r.handling_decision,
      }));
      const job: DryRunJob = { ...base, rows };
      const r = await runner.run(job);
      const head = {
        mode: 'audit',
        source: startDate || endDate ? 'time_range' : 'last_n',
        note: NOTE,
        rows: rows.length,
        budget_ms: budget,
      };
      if (!r.finished) {
        if ('busy' in r) return sendError(reply, 'MUTT_WEBUI_RULE_TEST_BUSY');
        return { ...head, truncated: true, ...(r.partial ?? { evaluated: 0, changed: 0, unparsable: 0, examples: [] }) };
      }
      const o = r.outcome;
      if (o.kind === 'invalid') return sendError(reply, o.code, o.message);
      if (o.kind !== 'audit') throw new Error('dry-run worker answered an audit job with an event outcome');
      return { ...head, truncated: false, ...o.summary };
    },
  );
}
