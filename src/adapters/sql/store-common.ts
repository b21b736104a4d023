// Shared helpers of the SQL Store: the audit_logs writer, row mapping, SQLSTATE mapping and stable record ids.
import { createHash } from 'node:crypto';
import { MuttError } from '../../core/errors.js';
import type { SqlExecutor } from '../../ports/sql.js';
import type { AuditOperation, AuditTable, ChangeContext } from '../../ports/store.js';

export const UNIQUE_VIOLATION = '23505';
export const FK_VIOLATION = '23503';
/** PostgreSQL 17 reports ON DELETE RESTRICT as restrict_violation rather than 23503. */
export const RESTRICT_VIOLATION = '23001';
export const CHECK_VIOLATION = '23514';
export const NOT_NULL_VIOLATION = '23502';
export const STRING_TOO_LONG = '22001';

export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps constraint failures on management writes to catalogue errors (409 / 400); others pass through unchanged. */
export function mapWriteError(err: unknown): never {
  const state = sqlState(err);
  const text = err instanceof Error ? err.message : String(err);
  if (state === UNIQUE_VIOLATION) throw new MuttError('MUTT_CONFLICT', text, undefined, { cause: err });
  if (state === CHECK_VIOLATION || state === NOT_NULL_VIOLATION || state === STRING_TOO_LONG) {
    throw new MuttError('MUTT_VALIDATION', text, undefined, { cause: err });
  }
  throw err;
}

/**
 * audit_logs.record_id is an INTEGER; rows keyed by text (hostnames, dynamic config keys) use this stable,
 * positive 31-bit hash of the key, so one key's history stays together.
 */
export function stableRecordId(key: string): number {
  const n = createHash('sha256').update(key).digest().readUInt32BE(0) & 0x7fffffff;
  return n === 0 ? 1 : n;
}

/** Lower-cased hostname key used for dev_hosts / device_teams record ids. */
export function hostRecordId(hostname: string): number {
  return stableRecordId(hostname.toLowerCase());
}

export async function insertConfigAudit(
  tx: SqlExecutor,
  table: AuditTable,
  recordId: number,
  op: AuditOperation,
  oldValues: unknown,
  newValues: unknown,
  ctx: ChangeContext,
): Promise<void> {
  // CREATE has no "before" and DELETE no "after" (docs/decisions.md D12).
  const before = op === 'CREATE' ? null : (oldValues ?? null);
  const after = op === 'DELETE' ? null : (newValues ?? null);
  await tx.query(
    `INSERT INTO audit_logs (changed_by, operation, table_name, record_id, old_values, new_values, reason, correlation_id)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)`,
    [
      ctx.changedBy.slice(0, 100) || 'unknown',
      op,
      table,
      recordId,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
      ctx.reason ?? null,
      ctx.correlationId ? ctx.correlationId.slice(0, 128) : null,
    ],
  );
}

/** JSONB arrives decoded from both drivers; accept a string too (database.md DB-14). */
export function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

/** Escapes LIKE/ILIKE wildcards so user input matches literally (with the default backslash escape). */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function clampPage(page: number, limit: number, maxLimit = 1000): { page: number; limit: number; offset: number } {
  const p = Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1;
  const l = Number.isFinite(limit) ? Math.min(maxLimit, Math.max(1, Math.floor(limit))) : 50;
  return { page: p, limit: l, offset: (p - 1) * l };
}

/** Microseconds since the epoch (as from `sortKeyMicros`) → ISO-8601 with all six fractional digits. */
export function microsToIso(micros: string): string {
  const us = BigInt(micros);
  let ms = us / 1000n;
  let rest = us % 1000n;
  if (rest < 0n) {
    ms -= 1n;
    rest += 1000n;
  }
  return new Date(Number(ms)).toISOString().replace(/Z$/, `${rest.toString().padStart(3, '0')}Z`);
}

/** SQL for a timestamptz column as exact microseconds since the epoch, as text (pg and PGlite agree on text). */
export function sortKeyMicros(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
}

/**
 * Keyset condition for `ORDER BY <column> DESC, id DESC`: rows strictly after the key. Written as a range on the
 * timestamp plus a tiebreak so the plain timestamp indexes (and partition pruning) serve it.
 */
export function addKeysetBefore(w: Where, column: string, after: { micros: string; id: string }): void {
  w.params.push(microsToIso(after.micros), after.id);
  const ts = `$${w.params.length - 1}::timestamptz`;
  const id = `$${w.params.length}::bigint`;
  w.clauses.push(`${column} <= ${ts} AND (${column} < ${ts} OR id < ${id})`);
}

/** Collects WHERE clauses with positional parameters. */
export class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(clause: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(clause(`$${this.params.length}`));
  }
  sql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}
