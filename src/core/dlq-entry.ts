// One DLQ entry format for every service (docs/decisions.md D3). Entries stay JSON objects so `LRANGE … | jq` works.
import { stripSecretFields } from './redaction.js';

export type DlqReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_fields'
  | 'too_large'
  | 'retry_exhausted'
  | 'processing_exception'
  | 'shed_backpressure'
  | 'non_retryable'
  | 'circuit_open'
  | 'invalid_message';

export type DlqSource = 'alerter' | 'moog_forwarder' | 'remediation' | 'operator';

export const RAW_LIMIT = 64 * 1024;
const ERROR_LIMIT = 500;

export interface DlqMeta {
  reason: DlqReason;
  source: DlqSource;
  pod: string;
  at?: Date;
  statusCode?: number;
  error?: string;
  attempts?: number;
}

function metaFields(meta: DlqMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _dlq_reason: meta.reason,
    _dlq_source: meta.source,
    _dlq_at: (meta.at ?? new Date()).toISOString(),
    _dlq_pod: meta.pod,
  };
  if (meta.statusCode !== undefined) out._dlq_status_code = meta.statusCode;
  if (meta.error !== undefined) out._dlq_error = meta.error.slice(0, ERROR_LIMIT);
  if (meta.attempts !== undefined) out._dlq_attempts = meta.attempts;
  return out;
}

export function dlqEntry(original: Record<string, unknown>, meta: DlqMeta): Record<string, unknown> {
  // Deep, even though the ingestor already stripped: entries may come from events queued by other producers.
  return { ...stripSecretFields(original), ...metaFields(meta) };
}

/** For input that is not a JSON object: keep at most 64 KiB of the raw text. */
export function dlqRawEntry(raw: string, meta: DlqMeta): Record<string, unknown> {
  return { _raw: raw.slice(0, RAW_LIMIT), ...metaFields(meta) };
}

export interface DeadMeta {
  reason: string;
  sourceDlq: string;
  at?: Date;
}

export function deadEntry(entry: Record<string, unknown>, meta: DeadMeta): Record<string, unknown> {
  return {
    ...entry,
    _dead_reason: meta.reason,
    _dead_at: (meta.at ?? new Date()).toISOString(),
    _dead_source_dlq: meta.sourceDlq,
  };
}

/** Parses a queued string into an object, or says why it is not one. */
export function parseQueued(
  body: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'invalid_json' | 'not_an_object' } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not_an_object' };
  return { ok: true, value: value as Record<string, unknown> };
}
