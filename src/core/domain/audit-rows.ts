// Audit rows (handled events, configuration changes): pure data shared by the alerter, the Web UI and the Store.

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

export interface EventAuditRecord extends EventAuditRow {
  readonly id: number;
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
