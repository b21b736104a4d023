// Dynamic config API: GET/PUT/DELETE + history, validated by the one
// registry in core/dynamic-config, audited best-effort in audit_logs (table_name dynamic_config).
import type { FastifyReply } from 'fastify';
import { CONFIG_CATALOGUE } from '../../core/dynamic-config/catalogue.js';
import { crossKeyWarnings, stableRecordId, validateConfigKey, validateConfigWrite } from '../../core/dynamic-config/validate.js';
import type { AuditOperation } from '../../ports/store.js';
import type { ApiRouter } from './api-route.js';
import { decodeCursor, encodeCursor } from './audit-cursor.js';
import { changeContext, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { pagination, parsePage } from './paging.js';
import { configAuditItem } from './routes-audit.js';
import { configAuditQuery, configKeyParams, configPutBody, pageQuery, reasonBody } from './schemas.js';

async function guarded<T>(reply: FastifyReply, deps: WebuiDeps, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    deps.ctx.logger.error(`Dynamic configuration back end failed: ${(err as Error).message}`);
    return sendError(reply, 'MUTT_CONFIG_UNAVAILABLE');
  }
}

export function registerConfigRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { configStore, store } = deps.ctx.backends;
  const tag = 'config';

  api.route(
    'GET',
    '/config',
    { endpoint: 'config', tag, summary: 'Every stored dynamic config value, plus the catalogue of known keys' },
    {},
    async (_req, reply) =>
      guarded(reply, deps, async () => ({
        config: await configStore.getAll(),
        catalogue: CONFIG_CATALOGUE.map((d) => ({
          key: d.key,
          type: d.type,
          default: d.default,
          min: d.min ?? null,
          max: d.max ?? null,
          values: d.values ?? null,
          reader: d.reader,
          when: d.when,
          env: d.env,
          description: d.description,
        })),
      })),
  );

  api.route(
    'GET',
    '/config/history',
    { endpoint: 'config_history', tag, summary: 'Dynamic config change history (audit rows, newest first)' },
    {
      querystring: {
        type: 'object',
        properties: {
          ...pageQuery.properties,
          cursor: configAuditQuery.properties.cursor,
          key: { type: 'string', maxLength: 100 },
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = parsePage(q, deps.ctx.config.auditLogPageSize);
      const after = decodeCursor('c', q.cursor, page.page);
      const result = await store.queryConfigAudit({
        ...page,
        ...(after ? { after } : {}),
        tableName: 'dynamic_config',
        ...(q.key ? { recordId: stableRecordId(q.key) } : {}),
      });
      return {
        history: result.items.map(configAuditItem),
        pagination: pagination(page, result.total),
        next_cursor: result.nextKey ? encodeCursor('c', result.nextKey) : null,
      };
    },
  );

  api.route(
    'GET',
    '/config/:key',
    { endpoint: 'config', tag, summary: 'One dynamic config value (404 when unset)' },
    { params: configKeyParams },
    async (req, reply) => {
      const { key } = req.params;
      const bad = validateConfigKey(key);
      if (bad) return sendError(reply, 'MUTT_VALIDATION', bad);
      return guarded(reply, deps, async () => {
        const value = await configStore.get(key);
        if (value === null) return sendError(reply, 'MUTT_NOT_FOUND', `Configuration key '${key}' not found`);
        return { key, value };
      });
    },
  );

  api.route(
    'PUT',
    '/config/:key',
    {
      endpoint: 'config',
      tag,
      summary: 'Set a value, publish the key on mutt:config:updates, audit',
      requiredMessage: "Missing 'value' in request body",
    },
    {
      params: configKeyParams,
      body: configPutBody,
    },
    async (req, reply) => {
      const { key } = req.params;
      const body = req.body;
      const v = validateConfigWrite(key, body.value, { force: body.force === true });
      if (!v.ok) return sendError(reply, 'MUTT_CONFIG_INVALID_VALUE', v.error);
      const result = await guarded(reply, deps, () =>
        configStore.set(key, v.value, { publish: true, changedBy: req.webuiChangedBy }),
      );
      if (!('oldValue' in result)) return result;
      const old = result.oldValue;
      await audit(deps, req, key, old === null ? 'CREATE' : 'UPDATE', old, v.value, body.reason);
      const all = await configStore.getAll().catch(() => ({}) as Record<string, string>);
      return { key, old_value: old, new_value: v.value, warnings: [...v.warnings, ...crossKeyWarnings((k) => all[k])] };
    },
  );

  api.route(
    'DELETE',
    '/config/:key',
    { endpoint: 'config', tag, summary: 'Remove a value (services fall back to env/defaults), publish, audit' },
    {
      params: configKeyParams,
      body: reasonBody,
    },
    async (req, reply) => {
      const { key } = req.params;
      const bad = validateConfigKey(key);
      if (bad) return sendError(reply, 'MUTT_VALIDATION', bad);
      const result = await guarded(reply, deps, () => configStore.delete(key, { publish: true, changedBy: req.webuiChangedBy }));
      if (!('oldValue' in result)) return result;
      if (result.oldValue === null) return sendError(reply, 'MUTT_NOT_FOUND', `Configuration key '${key}' not found`);
      const reason = req.body?.reason ?? (req.query as { reason?: unknown }).reason;
      await audit(deps, req, key, 'DELETE', result.oldValue, null, reason);
      return { key, old_value: result.oldValue, message: 'Configuration key deleted; services revert to env/built-in defaults' };
    },
  );
}

async function audit(
  deps: WebuiDeps,
  req: Parameters<typeof changeContext>[0],
  key: string,
  op: AuditOperation,
  old: string | null,
  next: string | null,
  reason: unknown,
): Promise<void> {
  try {
    await deps.ctx.backends.store.recordConfigChange(
      'dynamic_config',
      stableRecordId(key),
      op,
      old === null ? null : { key, value: old },
      next === null ? null : { key, value: next },
      changeContext(req, reason),
    );
  } catch (err) {
    // Redis already holds the change; the audit trail for dynamic config is best-effort (docs/decisions.md D12).
    deps.metrics.auditWriteFailures.inc();
    deps.ctx.logger.error(`Could not audit dynamic config change of ${key}: ${(err as Error).message}`, {
      correlation_id: req.webuiCorrelationId,
    });
  }
}
