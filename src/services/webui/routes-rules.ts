// /api/{v}/rules CRUD. Writes go through the Store (change + audit row in one transaction, docs/decisions.md D12),
// then a best-effort notification on mutt:rules:updates.
import type { FastifyReply } from 'fastify';
import type { AlertRuleInput } from '../../ports/store.js';
import type { ApiRouter } from './api-route.js';
import { changeContext, patternOptions, publishRulesChange, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { patchFromBody, ruleProblem, toApiRule, withDefaults } from './rule-mapping.js';
import type { RequestOf } from './schema-types.js';
import { reasonBody, ruleCreateBody, ruleIdParams, ruleUpdateBody } from './schemas.js';

const MAX_ID = 2147483647;

function ruleId(raw: string): number | null {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_ID ? n : null;
}

export function registerRuleRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  const tag = 'rules';

  api.route(
    'GET',
    '/rules',
    { endpoint: 'rules', tag, summary: 'All rules, ordered by priority then id' },
    {
      querystring: {
        type: 'object',
        properties: { search: { type: 'string', maxLength: 255 }, enabled: { type: 'string', enum: ['', 'true', 'false'] } },
      },
    },
    async (req, _reply, v) => {
      const q = req.query;
      const filter: { enabled?: boolean; search?: string } = {};
      if (q.search) filter.search = q.search;
      if (q.enabled === 'true' || q.enabled === 'false') filter.enabled = q.enabled === 'true';
      const rules = await store.listRules(filter);
      return { rules: rules.map((r) => toApiRule(r, v)) };
    },
  );

  api.route(
    'GET',
    '/rules/:id(^\\d+)',
    { endpoint: 'rule', tag, summary: 'One rule' },
    { params: ruleIdParams },
    async (req, reply, v) => {
      const id = ruleId(req.params.id);
      const rule = id === null ? null : await store.getRule(id);
      if (!rule) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
      return toApiRule(rule, v);
    },
  );

  api.route(
    'POST',
    '/rules',
    { endpoint: 'rules', tag, summary: 'Create a rule (201)' },
    { body: ruleCreateBody },
    async (req, reply, v) => {
      const body = req.body;
      const input = withDefaults(patchFromBody(body));
      const problem = ruleProblem(input, patternOptions(deps));
      if (problem) return sendError(reply, problem.code, problem.message);
      const created = await store.createRule(input, changeContext(req, body.reason));
      await publishRulesChange(deps, req, 'alert_rules', 'CREATE', created.id);
      return reply.code(201).send({ id: created.id, message: 'Rule created successfully', rule: toApiRule(created, v) });
    },
  );

  api.route(
    'PUT',
    '/rules/:id(^\\d+)',
    { endpoint: 'rule', tag, summary: 'Partial update of a rule' },
    { params: ruleIdParams, body: ruleUpdateBody },
    async (req, reply, v) => {
      return updateRule(deps, req, reply, v);
    },
  );

  api.route(
    'DELETE',
    '/rules/:id(^\\d+)',
    { endpoint: 'rule', tag, summary: 'Delete a rule (409 when audit rows reference it)' },
    {
      params: ruleIdParams,
      body: reasonBody,
      querystring: { type: 'object', properties: { reason: { type: 'string', maxLength: 10000 } } },
    },
    async (req, reply) => {
      const id = ruleId(req.params.id);
      if (id === null) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
      const result = await store.deleteRule(id, changeContext(req, req.body?.reason ?? req.query.reason));
      if (result === 'not_found') return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
      if (result === 'in_use') return sendError(reply, 'MUTT_WEBUI_RULE_IN_USE');
      await publishRulesChange(deps, req, 'alert_rules', 'DELETE', id);
      return { message: 'Rule deleted successfully' };
    },
  );
}

async function updateRule(
  deps: WebuiDeps,
  req: RequestOf<{ params: typeof ruleIdParams; body: typeof ruleUpdateBody }>,
  reply: FastifyReply,
  v: 'v1' | 'v2',
): Promise<unknown> {
  const { store } = deps.ctx.backends;
  const id = ruleId(req.params.id);
  const current = id === null ? null : await store.getRule(id);
  if (id === null || !current) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
  const body = req.body;
  const patch = patchFromBody(body);
  if (Object.keys(patch).length === 0) return sendError(reply, 'MUTT_VALIDATION', 'No fields to update');
  const { id: _id, ...currentInput } = current;
  const merged: AlertRuleInput = { ...currentInput, ...patch } as AlertRuleInput;
  for (const f of ['match_type', 'priority', 'prod_handling', 'dev_handling', 'team_assignment', 'enabled'] as const) {
    if (merged[f] === null) return sendError(reply, 'MUTT_VALIDATION', `${f} must not be null`);
  }
  const problem = ruleProblem(merged, patternOptions(deps));
  if (problem) return sendError(reply, problem.code, problem.message);
  const updated = await store.updateRule(id, patch, changeContext(req, body.reason));
  if (!updated) return sendError(reply, 'MUTT_NOT_FOUND', 'Rule not found');
  await publishRulesChange(deps, req, 'alert_rules', 'UPDATE', id);
  return { message: 'Rule updated successfully', rule: toApiRule(updated, v) };
}
