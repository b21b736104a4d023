// The Store: rules, hosts, teams, event audit and config audit. One SQL implementation (adapters/sql) over pg and PGlite.

export type MatchType = 'contains' | 'regex' | 'oid_prefix';

/** A row of `alert_rules` with the physical (guide) names. */
export interface AlertRule {
  readonly id: number;
  readonly rule_name: string | null;
  readonly pattern: string | null;
  readonly trap_oid: string | null;
  readonly syslog_severity: number | null;
  readonly match_type: MatchType;
  readonly priority: number;
  readonly prod_handling: string;
  readonly dev_handling: string;
  readonly team_assignment: string;
  readonly enabled: boolean;
}

export type AlertRuleInput = Omit<AlertRule, 'id'>;

export interface DeviceTeam {
  readonly hostname: string;
  readonly team_assignment: string;
}

/** One handled event for `event_audit_log`. */
export interface EventAuditRow {
  readonly event_timestamp: Date;
  readonly hostname: string;
  readonly matched_rule_id: number;
  readonly handling_decision: string;
  readonly forwarded_to_moog: boolean;
  readonly raw_message: string;
  /** `_correlation_id ?? correlation_id` of the event; '' lets the Store parse it from raw_message. */
  readonly correlation_id: string;
}

export type AuditOperation = 'CREATE' | 'UPDATE' | 'DELETE';
export type AuditTable = 'alert_rules' | 'dev_hosts' | 'device_teams' | 'dynamic_config' | 'dlq';

/** Who changed what: written to `audit_logs` in the same transaction as the change. */
export interface ChangeContext {
  readonly changedBy: string;
  readonly reason?: string | null;
  readonly correlationId?: string | null;
}

export interface ConfigAuditRow {
  readonly id: number;
  readonly timestamp: Date;
  readonly changed_by: string;
  readonly operation: AuditOperation;
  readonly table_name: string;
  readonly record_id: number;
  readonly old_values: unknown;
  readonly new_values: unknown;
  readonly reason: string | null;
  readonly correlation_id: string | null;
}

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

export interface EventAuditRecord extends EventAuditRow {
  readonly id: number;
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
  recordConfigChange(table: AuditTable, recordId: number, op: AuditOperation, oldValues: unknown, newValues: unknown, ctx: ChangeContext): Promise<void>;
}
