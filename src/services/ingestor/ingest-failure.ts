// The shape every refused ingest outcome takes: a catalogue code, an HTTP status, a message naming the problem,
// and the reason label of mutt_ingest_requests_total.
import { ERRORS, type ErrorCode } from '../../core/errors.js';

export type FailReason = 'auth' | 'json' | 'validation' | 'queue_full' | 'redis' | 'rate_limit' | 'unknown';

export interface IngestFailure {
  readonly code: ErrorCode;
  readonly status: number;
  readonly message: string;
  readonly reason: FailReason;
}

export function failure(code: ErrorCode, reason: FailReason, message?: string, status?: number): IngestFailure {
  return { code, reason, status: status ?? ERRORS[code].status, message: message ?? ERRORS[code].message };
}
