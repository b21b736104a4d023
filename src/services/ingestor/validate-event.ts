// Pure: checks one event, fills the fallbacks (docs/decisions.md D1, D2) and serialises it once.
import { randomUUID } from 'node:crypto';
import { isValidCorrelationId } from '../../core/correlation.js';
import { stripSecretFieldsInPlace } from '../../core/redaction.js';
import { failure, type IngestFailure } from './ingest-failure.js';

export interface EventContext {
  /** After fallbacks; `message` must also be a non-empty string. */
  readonly requiredFields: readonly string[];
  /** First X-Forwarded-For hop when the peer is loopback, else the peer. */
  readonly clientAddress: string;
  /** Time of receipt, ISO-8601 UTC. */
  readonly receivedAt: string;
  /** A valid X-Correlation-ID header; used for single-object bodies only. */
  readonly headerCorrelationId: string | undefined;
}

export type EventOutcome =
  | { readonly ok: true; readonly json: string; readonly correlationId: string; readonly droppedInternal: number }
  | { readonly ok: false; readonly failure: IngestFailure; readonly droppedInternal: number };

const MAX_HOSTNAME = 255;
const HOST_FALLBACKS = ['host', 'source', 'source_ip'] as const;
// Anchored, no nested quantifiers: linear on any input.
const ISO_8601 =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d{1,9})?)?(?:[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/;
const EPOCH_STRING = /^\d{1,16}(?:\.\d{1,9})?$/;

function absent(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

// No NUL: the alerter's audit row stores the hostname in a PostgreSQL text column, which cannot hold one (the whole
// batch insert would fail).
function validHostname(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_HOSTNAME && !v.includes('\u0000');
}

function validTimestamp(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0;
  return typeof v === 'string' && (EPOCH_STRING.test(v) || ISO_8601.test(v));
}

function invalid(message: string, dropped: number): EventOutcome {
  return { ok: false, failure: failure('MUTT_INGEST_VALIDATION', 'validation', message), droppedInternal: dropped };
}

function missingList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

/** `value` is owned by the caller's parse and is modified in place (no copy on the hot path). */
export function validateEvent(value: unknown, ctx: EventContext): EventOutcome {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      failure: failure('MUTT_INGEST_NOT_AN_OBJECT', 'json', 'Event must be a JSON object'),
      droppedInternal: 0,
    };
  }
  const ev = value as Record<string, unknown>;
  let dropped = 0;
  for (const k in ev) {
    if (k.charCodeAt(0) === 95 /* _ */) {
      delete ev[k];
      dropped++;
    }
  }
  // Once here, so the queue, audit rows, DLQ entries and Moogsoft never see a credential a device sent.
  stripSecretFieldsInPlace(ev);

  if (absent(ev.hostname)) {
    let host: string = ctx.clientAddress;
    for (const f of HOST_FALLBACKS) {
      const v = ev[f];
      if (validHostname(v)) {
        host = v;
        break;
      }
    }
    ev.hostname = host;
  } else if (!validHostname(ev.hostname)) {
    return invalid(`Field 'hostname' must be a string of at most ${MAX_HOSTNAME} characters, without NUL`, dropped);
  }

  if (absent(ev.timestamp)) ev.timestamp = ctx.receivedAt;
  else if (!validTimestamp(ev.timestamp)) {
    return invalid("Field 'timestamp' must be an ISO-8601 string or epoch seconds or milliseconds", dropped);
  }

  let missing: string[] | undefined;
  for (const f of ctx.requiredFields) {
    if (absent(ev[f])) (missing ??= []).push(f);
  }
  if (missing !== undefined) return invalid(`Missing required fields: ${missingList(missing)}`, dropped);
  if (ev.message !== undefined && ctx.requiredFields.includes('message') && typeof ev.message !== 'string') {
    return invalid("Field 'message' must be a non-empty string", dropped);
  }

  const cid = isValidCorrelationId(ev.correlation_id) ? ev.correlation_id : (ctx.headerCorrelationId ?? randomUUID());
  ev.correlation_id = cid;
  ev._correlation_id = cid;
  return { ok: true, json: JSON.stringify(ev), correlationId: cid, droppedInternal: dropped };
}
