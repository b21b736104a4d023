import { randomUUID } from 'node:crypto';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && VALID.test(value);
}

/** The event's id, else the header (single-object bodies only), else a new UUID (docs/decisions.md D1). */
export function resolveCorrelationId(eventValue: unknown, headerValue: unknown): string {
  if (isValidCorrelationId(eventValue)) return eventValue;
  if (isValidCorrelationId(headerValue)) return headerValue;
  return randomUUID();
}

/** Readers use `_correlation_id ?? correlation_id`. */
export function correlationIdOf(event: Record<string, unknown>): string | undefined {
  const a = event._correlation_id;
  if (typeof a === 'string') return a;
  const b = event.correlation_id;
  return typeof b === 'string' ? b : undefined;
}
