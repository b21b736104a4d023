// Moog response → outcome: 2xx delivered; 408/429/5xx/network errors retried; other 4xx dead-lettered at once
// (docs/decisions.md D17).

export type Outcome =
  | { kind: 'success'; status: number }
  | {
      kind: 'retryable';
      status: number | null;
      countsForBreaker: boolean;
      retryAfterMs: number | null;
      reason: 'http' | 'rate_limit' | 'timeout' | 'connection';
    }
  | { kind: 'non_retryable'; status: number | null; reason: 'http' | 'invalid_message' };

export type TransportFailure = 'timeout' | 'connection';

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unparsable. */
export function parseRetryAfter(header: string | undefined | null, nowMs: number): number | null {
  if (header === undefined || header === null || header.trim() === '') return null;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const at = Date.parse(t);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

export function classifyStatus(status: number, retryAfter?: string | null, nowMs = Date.now()): Outcome {
  if (status >= 200 && status < 300) return { kind: 'success', status };
  if (status === 429)
    return {
      kind: 'retryable',
      status,
      countsForBreaker: false,
      retryAfterMs: parseRetryAfter(retryAfter, nowMs),
      reason: 'rate_limit',
    };
  if (status === 408 || (status >= 500 && status < 600)) {
    return {
      kind: 'retryable',
      status,
      countsForBreaker: true,
      retryAfterMs: status === 408 ? null : parseRetryAfter(retryAfter, nowMs),
      reason: 'http',
    };
  }
  return { kind: 'non_retryable', status, reason: 'http' };
}

export function classifyTransportFailure(kind: TransportFailure): Outcome {
  return { kind: 'retryable', status: null, countsForBreaker: true, retryAfterMs: null, reason: kind };
}

/** The shared Moog probe rule (docs/decisions.md D10): HEAD answered with status < 500 and not 429. */
export function isProbeHealthy(status: number): boolean {
  return status < 500 && status !== 429;
}
