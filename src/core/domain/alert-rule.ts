// Rule and team rows as the matcher sees them: pure data, so core can match without knowing where rows are stored.

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
