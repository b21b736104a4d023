// Event audit (/audit-logs) and config audit (/config-audit → `changes`, legacy /audit → `logs`).
import type { AuditOperation, ConfigAuditQuery, ConfigAuditRow, EventAuditQuery, EventAuditRecord } from '../../ports/store.js';
import type { ApiRouter } from './api-route.js';
import { decodeCursor, encodeCursor } from './audit-cursor.js';
import type { WebuiDeps } from './deps.js';
import { MuttError } from '../../core/errors.js';
import { pagination, parseDateParam, parseIntParam, parsePage } from './paging.js';
import type { RequestOf } from './schema-types.js';
import { auditLogsQuery, configAuditQuery, type AuditLogsQueryText, type ConfigAuditQueryText } from './schemas.js';

const OPERATIONS: readonly AuditOperation[] = ['CREATE', 'UPDATE', 'DELETE'];
/** Python MUTT table names accepted as filter aliases of the physical ones (docs/decisions.md D12). */
const TABLE_ALIASES: Readonly<Record<string, string>> = { development_hosts: 'dev_hosts', config_audit_log: 'audit_logs' };

function correlationOf(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown> | null;
    const id = v?._correlation_id ?? v?.correlation_id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export function eventAuditItem(r: EventAuditRecord): Record<string, unknown> {
  return {
    id: r.id,
    event_timestamp: new Date(r.event_timestamp).toISOString(),
    hostname: r.hostname,
    matched_rule_id: r.matched_rule_id,
    handling_decision: r.handling_decision,
    forwarded_to_moog: r.forwarded_to_moog,
    raw_message: r.raw_message,
    correlation_id: r.correlation_id || correlationOf(r.raw_message),
  };
}

export function configAuditItem(r: ConfigAuditRow): Record<string, unknown> {
  const ts = new Date(r.timestamp).toISOString();
  return {
    id: r.id,
    timestamp: ts,
    changed_at: ts,
    created_at: ts,
    changed_by: r.changed_by,
    operation: r.operation,
    table_name: r.table_name,
    record_id: r.record_id,
    old_values: r.old_values ?? null,
    new_values: r.new_values ?? null,
    reason: r.reason,
    correlation_id: r.correlation_id,
  };
}

export function eventAuditQueryOf(q: AuditLogsQueryText, defaultLimit: number): EventAuditQuery {
  const page = parsePage(q, defaultLimit);
  const after = decodeCursor('e', q.cursor, page.page);
  const ruleId = parseIntParam('rule_id', q.rule_id);
  const startDate = parseDateParam('start_date', q.start_date, false);
  const endDate = parseDateParam('end_date', q.end_date, true);
  const decision = q.handling_decision || q.decision;
  return {
    ...page,
    ...(after ? { after } : {}),
    ...(q.hostname ? { hostname: q.hostname } : {}),
    ...(ruleId !== undefined ? { ruleId } : {}),
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
    ...(decision ? { handlingDecision: decision } : {}),
    ...(q.forwarded === 'true' || q.forwarded === 'false' ? { forwarded: q.forwarded === 'true' } : {}),
    ...(q.correlation_id ? { correlationId: q.correlation_id } : {}),
  };
}

export function configAuditQueryOf(q: ConfigAuditQueryText, defaultLimit: number): ConfigAuditQuery {
  const page = parsePage(q, defaultLimit);
  const after = decodeCursor('c', q.cursor, page.page);
  let operation: AuditOperation | undefined;
  if (q.operation) {
    const op = q.operation.toUpperCase() as AuditOperation;
    if (!OPERATIONS.includes(op)) throw new MuttError('MUTT_VALIDATION', 'operation must be one of: CREATE, UPDATE, DELETE');
    operation = op;
  }
  const recordId = parseIntParam('record_id', q.record_id);
  const startDate = parseDateParam('start_date', q.start_date, false);
  const endDate = parseDateParam('end_date', q.end_date, true);
  return {
    ...page,
    ...(after ? { after } : {}),
    ...(q.changed_by ? { changedBy: q.changed_by } : {}),
    ...(q.table_name ? { tableName: TABLE_ALIASES[q.table_name] ?? q.table_name } : {}),
    ...(recordId !== undefined ? { recordId } : {}),
    ...(operation ? { operation } : {}),
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
  };
}

export function registerAuditRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  const pageSize = deps.ctx.config.auditLogPageSize;

  api.route(
    'GET',
    '/audit-logs',
    { endpoint: 'audit_logs', tag: 'audit', summary: 'Event audit log (newest first; filters ANDed)' },
    { querystring: auditLogsQuery },
    async (req) => {
      const q = eventAuditQueryOf(req.query, pageSize);
      const result = await store.queryEventAudit(q);
      return {
        logs: result.items.map(eventAuditItem),
        pagination: { ...pagination(q, result.total), total_is_estimate: result.totalIsEstimate === true },
        next_cursor: result.nextKey ? encodeCursor('e', result.nextKey) : null,
      };
    },
  );

  const configAudit = (key: 'changes' | 'logs') => async (req: RequestOf<{ querystring: typeof configAuditQuery }>) => {
    const q = configAuditQueryOf(req.query, pageSize);
    const result = await store.queryConfigAudit(q);
    return {
      [key]: result.items.map(configAuditItem),
      pagination: pagination(q, result.total),
      next_cursor: result.nextKey ? encodeCursor('c', result.nextKey) : null,
    };
  };
  api.route(
    'GET',
    '/config-audit',
    { endpoint: 'config_audit', tag: 'audit', summary: 'Configuration change audit (array key `changes`)' },
    { querystring: configAuditQuery },
    configAudit('changes'),
  );
  api.route(
    'GET',
    '/audit',
    { endpoint: 'audit', tag: 'audit', summary: 'Configuration change audit, legacy shape (array key `logs`)' },
    { querystring: configAuditQuery },
    configAudit('logs'),
  );
}
