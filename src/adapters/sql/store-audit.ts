// event_audit_log batch writes and paginated queries, plus config-audit queries and free-standing changes.
import { correlationIdOf } from '../../core/correlation.js';
import type { SqlClient } from '../../ports/sql.js';
import type { ConfigAuditRow, EventAuditRecord, EventAuditRow, Store } from '../../ports/store.js';
import { clampPage, insertConfigAudit, jsonValue, likeContains, toDate, Where } from './store-common.js';

/** 8 parameters a row: 1000 rows stay far below PostgreSQL's 65535-parameter limit. */
export const AUDIT_CHUNK_ROWS = 1000;
const EVENT_COLUMNS = 'event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, raw_message, correlation_id';
const EVENT_PARAMS = 7;

interface EventRow {
  id: number | string;
  event_timestamp: Date | string;
  hostname: string;
  matched_rule_id: number;
  handling_decision: string;
  forwarded_to_moog: boolean;
  raw_message: string | null;
  correlation_id: string | null;
}

interface ConfigRow {
  id: number | string;
  timestamp: Date | string;
  changed_by: string;
  operation: ConfigAuditRow['operation'];
  table_name: string;
  record_id: number;
  old_values: unknown;
  new_values: unknown;
  reason: string | null;
  correlation_id: string | null;
}

function correlationOf(row: EventAuditRow): string | null {
  if (row.correlation_id) return row.correlation_id.slice(0, 128);
  try {
    const parsed: unknown = JSON.parse(row.raw_message);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return correlationIdOf(parsed as Record<string, unknown>)?.slice(0, 128) ?? null;
    }
  } catch {
    // raw_message is kept verbatim even when it is not JSON; the row simply has no correlation id.
  }
  return null;
}

function toEvent(r: EventRow): EventAuditRecord {
  return {
    id: Number(r.id),
    event_timestamp: toDate(r.event_timestamp),
    hostname: r.hostname,
    matched_rule_id: Number(r.matched_rule_id),
    handling_decision: r.handling_decision,
    forwarded_to_moog: r.forwarded_to_moog,
    raw_message: r.raw_message ?? '',
    correlation_id: r.correlation_id ?? '',
  };
}

function toConfig(r: ConfigRow): ConfigAuditRow {
  return {
    id: Number(r.id),
    timestamp: toDate(r.timestamp),
    changed_by: r.changed_by,
    operation: r.operation,
    table_name: r.table_name,
    record_id: Number(r.record_id),
    old_values: jsonValue(r.old_values),
    new_values: jsonValue(r.new_values),
    reason: r.reason,
    correlation_id: r.correlation_id,
  };
}

type AuditMethods = Pick<Store, 'insertEventAudit' | 'queryEventAudit' | 'recentEventAudit' | 'queryConfigAudit' | 'recordConfigChange'>;

export function auditMethods(sql: SqlClient): AuditMethods {
  return {
    async insertEventAudit(rows: readonly EventAuditRow[]) {
      if (rows.length === 0) return;
      await sql.transaction(async (tx) => {
        for (let start = 0; start < rows.length; start += AUDIT_CHUNK_ROWS) {
          const chunk = rows.slice(start, start + AUDIT_CHUNK_ROWS);
          const params: unknown[] = [];
          const tuples = chunk.map((row, i) => {
            const b = i * EVENT_PARAMS;
            // Hostname is cut to the column width; the full value stays in raw_message (database.md §2.4).
            params.push(row.event_timestamp, row.hostname.slice(0, 255), row.matched_rule_id, row.handling_decision, row.forwarded_to_moog, row.raw_message, correlationOf(row));
            return `($${b + 1}::timestamptz, $${b + 2}, $${b + 3}::int, $${b + 4}, $${b + 5}::boolean, $${b + 6}, $${b + 7})`;
          });
          await tx.query(`INSERT INTO event_audit_log (${EVENT_COLUMNS}) VALUES ${tuples.join(', ')}`, params);
        }
      });
    },

    async queryEventAudit(q) {
      const { page, limit, offset } = clampPage(q.page, q.limit);
      const w = new Where();
      if (q.hostname) w.add((p) => `lower(hostname) = lower(${p})`, q.hostname);
      if (q.ruleId !== undefined) w.add((p) => `matched_rule_id = ${p}::int`, q.ruleId);
      if (q.startDate) w.add((p) => `event_timestamp >= ${p}::timestamptz`, q.startDate);
      if (q.endDate) w.add((p) => `event_timestamp <= ${p}::timestamptz`, q.endDate);
      if (q.handlingDecision) w.add((p) => `handling_decision = ${p}`, q.handlingDecision);
      if (q.forwarded !== undefined) w.add((p) => `forwarded_to_moog = ${p}::boolean`, q.forwarded);
      if (q.correlationId) w.add((p) => `correlation_id = ${p}`, q.correlationId);
      const where = w.sql();
      const { rows: countRows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_audit_log ${where}`, w.params);
      const n = w.params.length;
      const { rows } = await sql.query<EventRow>(
        `SELECT id, ${EVENT_COLUMNS} FROM event_audit_log ${where}
         ORDER BY event_timestamp DESC, id DESC LIMIT $${n + 1}::int OFFSET $${n + 2}::int`,
        [...w.params, limit, offset],
      );
      return { items: rows.map(toEvent), total: Number(countRows[0]?.n ?? 0), page, limit };
    },

    async recentEventAudit(limit) {
      const { limit: l } = clampPage(1, limit, 10_000);
      const { rows } = await sql.query<EventRow>(
        `SELECT id, ${EVENT_COLUMNS} FROM event_audit_log ORDER BY event_timestamp DESC, id DESC LIMIT $1::int`,
        [l],
      );
      return rows.map(toEvent);
    },

    async queryConfigAudit(q) {
      const { page, limit, offset } = clampPage(q.page, q.limit, 200);
      const w = new Where();
      if (q.changedBy) w.add((p) => `changed_by ILIKE ${p}`, likeContains(q.changedBy));
      if (q.tableName) w.add((p) => `table_name = ${p}`, q.tableName);
      if (q.recordId !== undefined) w.add((p) => `record_id = ${p}::int`, q.recordId);
      if (q.operation) w.add((p) => `operation = ${p}`, q.operation);
      if (q.startDate) w.add((p) => `"timestamp" >= ${p}::timestamptz`, q.startDate);
      if (q.endDate) w.add((p) => `"timestamp" <= ${p}::timestamptz`, q.endDate);
      const where = w.sql();
      const { rows: countRows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_logs ${where}`, w.params);
      const n = w.params.length;
      const { rows } = await sql.query<ConfigRow>(
        `SELECT id, "timestamp", changed_by, operation, table_name, record_id, old_values, new_values, reason, correlation_id
           FROM audit_logs ${where}
          ORDER BY "timestamp" DESC, id DESC LIMIT $${n + 1}::int OFFSET $${n + 2}::int`,
        [...w.params, limit, offset],
      );
      return { items: rows.map(toConfig), total: Number(countRows[0]?.n ?? 0), page, limit };
    },

    async recordConfigChange(table, recordId, op, oldValues, newValues, ctx) {
      await sql.transaction((tx) => insertConfigAudit(tx, table, recordId, op, oldValues, newValues, ctx));
    },
  };
}
