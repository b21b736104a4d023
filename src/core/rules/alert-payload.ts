// The alert contract alerter → forwarder (docs/decisions.md D4). Never carries a key: raw_json is stripped of secret fields.
import { stripSecretFields } from '../redaction.js';
import type { AlertRule } from '../domain/alert-rule.js';
import type { Environment, HandlingDecision } from './handling.js';
import { alertSeverity, eventSeverity, type AlertSeverity } from './severity.js';

export interface AlertPayload {
  readonly hostname: string;
  readonly team_assignment: string;
  readonly severity: AlertSeverity;
  readonly message_body: string;
  readonly raw_json: Record<string, unknown>;
  readonly correlation_id: string;
  readonly _correlation_id: string;
  readonly rule_id: number | null;
  readonly rule_name: string | null;
  readonly handling_decision: string;
  readonly environment: Environment;
  readonly source_hostname?: string;
  readonly unhandled_signature?: string;
}

/** Drops secret-named fields at every depth (again: events may reach the alerter without the ingestor). */
function rawJson(event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return stripSecretFields(event) as Record<string, unknown>;
}

export const META_ALERT_HOSTNAME = 'MUTT_Alerter';
export const META_ALERT_HANDLING = 'unhandled_meta_alert';

export function buildAlert(
  event: Readonly<Record<string, unknown>>,
  hostname: string,
  message: string,
  rule: AlertRule,
  decision: HandlingDecision,
  correlationId: string,
): AlertPayload {
  return {
    hostname,
    team_assignment: rule.team_assignment,
    severity: alertSeverity(eventSeverity(event)),
    message_body: message,
    raw_json: rawJson(event),
    correlation_id: correlationId,
    _correlation_id: correlationId,
    rule_id: rule.id,
    rule_name: rule.rule_name ?? null,
    handling_decision: decision.handling,
    environment: decision.environment,
  };
}

export interface MetaAlertInput {
  readonly event: Readonly<Record<string, unknown>>;
  readonly hostname: string;
  readonly message: string;
  readonly signature: string;
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly team: string;
  readonly environment: Environment;
  readonly correlationId: string;
}

export function metaAlertBody(hostname: string, threshold: number, windowSeconds: number, message: string): string {
  return `[MUTT] Detected ${threshold} unhandled messages in ${windowSeconds}s from '${hostname}'. Sample message: ${message.slice(0, 200)}`;
}

export function buildMetaAlert(m: MetaAlertInput): AlertPayload {
  return {
    hostname: META_ALERT_HOSTNAME,
    team_assignment: m.team,
    severity: alertSeverity(eventSeverity(m.event)),
    message_body: metaAlertBody(m.hostname, m.threshold, m.windowSeconds, m.message),
    raw_json: rawJson(m.event),
    correlation_id: m.correlationId,
    _correlation_id: m.correlationId,
    rule_id: null,
    rule_name: 'unhandled',
    handling_decision: META_ALERT_HANDLING,
    environment: m.environment,
    source_hostname: m.hostname,
    unhandled_signature: m.signature,
  };
}
