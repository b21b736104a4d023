// The Store: rules, hosts, teams, event audit and config audit. One SQL implementation (adapters/sql) over pg and PGlite.

import type { AlertRule, AlertRuleInput, DeviceTeam } from '../core/domain/alert-rule.js';
import type {
  AuditOperation,
  AuditTable,
  ChangeContext,
  ConfigAuditRow,
  EventAuditRecord,
  EventAuditRow,
} from '../core/domain/audit-rows.js';

// The row types are core's; re-exported so the Store's callers and implementations name one module.
export type { AlertRule, AlertRuleInput, MatchType, DeviceTeam } from '../core/domain/alert-rule.js';
export type {
  AuditOperation,
  AuditTable,
  ChangeContext,
  ConfigAuditRow,
  EventAuditRecord,
  EventAuditRow,
} from '../core/domain/audit-rows.js';

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  /** True when `total` is a planner estimate (event audit above 10,000 matching rows), not an exact count. */
  readonly totalIsEstimate?: boolean;
  readonly page: number;
  readonly limit: number;
  /** Audit lists: sort key of the last item when more rows follow (pass it back as `after`), else null. */
  readonly nextKey?: AuditSortKey | null;
}

/** Keyset position in an audit list: the row's timestamp in microseconds since the epoch (exact) and its id. */
export interface AuditSortKey {
  readonly micros: string;
  readonly id: string;
}

export interface EventAuditQuery {
  readonly page: number;
  readonly limit: number;
  readonly hostname?: string;
  readonly ruleId?: number;
  readonly startDate?: Date;
  readonly endDate?: Date;
  readonly handlingDecision?: string;
  readonly forwarded?: boolean;
  readonly correlationId?: string;
  /** Keyset pagination: only rows strictly after this key in the list order (page is then ignored). */
  readonly after?: AuditSortKey;
}

export interface ConfigAuditQuery {
  readonly page: number;
  readonly limit: number;
  readonly changedBy?: string;
  readonly tableName?: string;
  readonly recordId?: number;
  readonly operation?: AuditOperation;
  readonly startDate?: Date;
  readonly endDate?: Date;
  /** Keyset pagination: only rows strictly after this key in the list order (page is then ignored). */
  readonly after?: AuditSortKey;
}

export interface Store {
  // Alerter cache loads (enabled rules only, ordered by priority then id).
  loadEnabledRules(): Promise<AlertRule[]>;
  loadDevHosts(): Promise<string[]>;
  loadDeviceTeams(): Promise<DeviceTeam[]>;

  /** One multi-row INSERT in one transaction; rows with no month partition land in the default partition. */
  insertEventAudit(rows: readonly EventAuditRow[]): Promise<void>;

  // Management CRUD. Each write records an `audit_logs` row in the same transaction.
  listRules(filter?: { enabled?: boolean; search?: string }): Promise<AlertRule[]>;
  getRule(id: number): Promise<AlertRule | null>;
  createRule(input: AlertRuleInput, ctx: ChangeContext): Promise<AlertRule>;
  updateRule(id: number, patch: Partial<AlertRuleInput>, ctx: ChangeContext): Promise<AlertRule | null>;
  /** Returns 'in_use' when audit rows reference the rule (FK RESTRICT → HTTP 409). */
  deleteRule(id: number, ctx: ChangeContext): Promise<'deleted' | 'not_found' | 'in_use'>;

  listDevHosts(): Promise<string[]>;
  addDevHost(hostname: string, ctx: ChangeContext): Promise<'created' | 'exists'>;
  removeDevHost(hostname: string, ctx: ChangeContext): Promise<boolean>;

  listDeviceTeams(): Promise<DeviceTeam[]>;
  getDeviceTeam(hostname: string): Promise<DeviceTeam | null>;
  upsertDeviceTeam(team: DeviceTeam, ctx: ChangeContext): Promise<'created' | 'updated'>;
  removeDeviceTeam(hostname: string, ctx: ChangeContext): Promise<boolean>;

  queryEventAudit(q: EventAuditQuery): Promise<Page<EventAuditRecord>>;
  /** Newest first; used by rule dry-run against recent decisions. */
  recentEventAudit(limit: number): Promise<EventAuditRecord[]>;
  queryConfigAudit(q: ConfigAuditQuery): Promise<Page<ConfigAuditRow>>;
  /** For changes not tied to a table row (dynamic config): record_id is a stable hash of the key. */
  recordConfigChange(
    table: AuditTable,
    recordId: number,
    op: AuditOperation,
    oldValues: unknown,
    newValues: unknown,
    ctx: ChangeContext,
  ): Promise<void>;
}
