// Syslog severity names ↔ numbers (senders send names such as "Warning"; rules store 0–7) and the alert severity
// derivation (docs/decisions.md D4).

const NAMES: Readonly<Record<string, number>> = {
  emerg: 0,
  emergency: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  critical: 2,
  err: 3,
  error: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  informational: 6,
  debug: 7,
};

export const SEVERITY_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;

/** 0–7 from an integer, a numeric string or a (case-insensitive) name; anything else is null. */
export function normalizeSyslogSeverity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 7 ? value : null;
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n <= 7 ? n : null;
  }
  return NAMES[v] ?? null;
}

/** `syslog_severity`, else `severity`, whichever first normalises (docs/decisions.md D4). */
export function eventSeverity(event: Readonly<Record<string, unknown>>): number | null {
  return normalizeSyslogSeverity(event.syslog_severity) ?? normalizeSyslogSeverity(event.severity);
}

export type AlertSeverity = 'Critical' | 'Major' | 'Warning';

/** 0–2 → Critical, 3 → Major, anything else (including unknown) → Warning. */
export function alertSeverity(severity: number | null): AlertSeverity {
  if (severity === null) return 'Warning';
  if (severity <= 2) return 'Critical';
  if (severity === 3) return 'Major';
  return 'Warning';
}
