// Alert (alerter → forwarder contract, docs/decisions.md D4) → Moogsoft REST LAM event: Moogsoft's own severity
// scale, a signature template and the correlation id as external_id, so a retried delivery can be deduplicated.
import { correlationIdOf } from '../correlation.js';

export interface MoogEvent {
  signature: string;
  source_id: string;
  external_id: string;
  manager: string;
  source: string;
  class: string;
  agent: string;
  agent_location: string;
  type: string;
  severity: number;
  description: string;
  agent_time: number;
  custom_info?: unknown;
}

/** Moogsoft's own scale (docs/decisions.md D4): names case-insensitive, integers 0–5 pass through; unknown → 2 Warning. */
const SEVERITY: Readonly<Record<string, number>> = {
  clear: 0,
  indeterminate: 1,
  info: 1,
  informational: 1,
  warning: 2,
  minor: 3,
  major: 4,
  critical: 5,
};
export const DEFAULT_SEVERITY = 2;

export function moogSeverity(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5) return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^[0-5]$/.test(t)) return Number(t);
    const hit = SEVERITY[t.toLowerCase()];
    if (hit !== undefined) return hit;
  }
  return DEFAULT_SEVERITY;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)\}/g;

/** `{field}` placeholders read top-level alert fields; a missing field renders as empty. */
export function renderTemplate(template: string, alert: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => text(alert[name]) ?? '');
}

export function moogSignature(alert: Record<string, unknown>, template: string | undefined): string {
  if (template !== undefined && template !== '') return renderTemplate(template, alert);
  const host = text(alert.hostname) ?? 'unknown';
  if (alert.rule_name === 'unhandled') {
    return `MUTT_Alerter::unhandled:${text(alert.source_hostname) ?? host}:${text(alert.unhandled_signature) ?? ''}`;
  }
  return `${host}::${text(alert.rule_name) ?? text(alert.rule_id) ?? 'unknown'}`;
}

/** Event time in epoch seconds from raw_json.timestamp (ISO or epoch s/ms), else `nowMs`. */
export function agentTime(alert: Record<string, unknown>, nowMs: number): number {
  const raw = alert.raw_json;
  const ts = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).timestamp : undefined;
  if (typeof ts === 'number' && Number.isFinite(ts) && ts > 0) return Math.floor(ts > 1e12 ? ts / 1000 : ts);
  if (typeof ts === 'string' && ts !== '') {
    const n = /^\d+(\.\d+)?$/.test(ts) ? Number(ts) * (Number(ts) > 1e12 ? 1 : 1000) : Date.parse(ts);
    if (Number.isFinite(n) && n > 0) return Math.floor(n / 1000);
  }
  return Math.floor(nowMs / 1000);
}

export interface PayloadOptions {
  signatureTemplate?: string;
  version?: string;
  nowMs?: number;
}

export function buildMoogPayload(alert: Record<string, unknown>, opts: PayloadOptions = {}): MoogEvent {
  const host = text(alert.hostname) ?? 'unknown';
  const event: MoogEvent = {
    signature: moogSignature(alert, opts.signatureTemplate),
    source_id: host,
    external_id: correlationIdOf(alert) ?? 'unknown',
    manager: 'MUTT',
    source: host,
    class: text(alert.team_assignment) ?? 'Unknown',
    agent: `MUTT v${opts.version ?? '2.5'}`,
    agent_location: 'Alerter Service',
    type: alert.rule_name === 'unhandled' ? 'MUTT_UNHANDLED' : (text(alert.rule_name) ?? 'Alert'),
    severity: moogSeverity(alert.severity),
    description: text(alert.message_body) ?? '',
    agent_time: agentTime(alert, opts.nowMs ?? Date.now()),
  };
  if ('raw_json' in alert) event.custom_info = alert.raw_json;
  return event;
}
