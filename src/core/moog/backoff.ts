// Exponential backoff with jitter, so retrying forwarders do not hit Moog in step (docs/decisions.md D17).
// `random` is injectable so tests can pin the bounds.

export type Jitter = 'full' | 'equal' | 'none';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  jitter: Jitter;
}

/** Un-jittered delay before attempt k+1, where k ≥ 1 attempts were already made. */
export function baseDelayMs(policy: BackoffPolicy, attemptsMade: number): number {
  const k = Math.max(1, attemptsMade);
  return Math.min(policy.initialMs * policy.multiplier ** (k - 1), policy.maxMs);
}

export function backoffDelayMs(policy: BackoffPolicy, attemptsMade: number, random: () => number = Math.random): number {
  const d = baseDelayMs(policy, attemptsMade);
  const r = Math.min(Math.max(random(), 0), 1);
  if (policy.jitter === 'none') return d;
  if (policy.jitter === 'equal') return d / 2 + r * (d / 2);
  return r * d;
}

/** The delay actually used: Retry-After wins (capped at maxMs), else the jittered backoff. */
export function retryDelayMs(
  policy: BackoffPolicy,
  attemptsMade: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxMs);
  return Math.round(backoffDelayMs(policy, attemptsMade, random));
}
