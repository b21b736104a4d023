// Pure circuit-breaker state machine (docs/decisions.md D17). The embedded store applies it directly;
// the Redis store runs the same transitions in circuitOp-5.lua, and one integration suite checks both.

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface CircuitSnapshot {
  readonly state: CircuitState;
  /** Distinct messages that failed retryably since the last success. */
  readonly failures: number;
  readonly failedIds: readonly string[];
  readonly openedAtMs: number | null;
  readonly probeHolder: string | null;
  readonly probeUntilMs: number | null;
}

export interface CircuitConfig {
  readonly threshold: number;
  readonly openMs: number;
  /** How long a half-open probe lock lives (MOOG_TIMEOUT + 1 s). */
  readonly probeTtlMs: number;
}

export type Verdict = 'allow' | 'probe' | 'reject';

export const CLOSED: CircuitSnapshot = {
  state: 'CLOSED',
  failures: 0,
  failedIds: [],
  openedAtMs: null,
  probeHolder: null,
  probeUntilMs: null,
};

export const STATE_GAUGE: Readonly<Record<CircuitState, number>> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

/** Lazy OPEN → HALF_OPEN once the timeout has passed. */
export function refresh(s: CircuitSnapshot, nowMs: number, cfg: CircuitConfig): CircuitSnapshot {
  if (s.state === 'OPEN' && s.openedAtMs !== null && nowMs - s.openedAtMs >= cfg.openMs) {
    return { ...s, state: 'HALF_OPEN', probeHolder: null, probeUntilMs: null };
  }
  return s;
}

/** May `holder` send now? In HALF_OPEN exactly one holder gets the probe until it reports or its lock expires. */
export function admit(
  s0: CircuitSnapshot,
  nowMs: number,
  cfg: CircuitConfig,
  holder: string,
): { verdict: Verdict; next: CircuitSnapshot } {
  const s = refresh(s0, nowMs, cfg);
  if (s.state === 'CLOSED') return { verdict: 'allow', next: s };
  if (s.state === 'OPEN') return { verdict: 'reject', next: s };
  if (s.probeHolder === null || s.probeUntilMs === null || s.probeUntilMs <= nowMs) {
    return { verdict: 'probe', next: { ...s, probeHolder: holder, probeUntilMs: nowMs + cfg.probeTtlMs } };
  }
  return { verdict: 'reject', next: s };
}

/** Any delivered request closes a half-open breaker; while OPEN it only clears the counter. */
export function onSuccess(s0: CircuitSnapshot, nowMs: number, cfg: CircuitConfig): CircuitSnapshot {
  const s = refresh(s0, nowMs, cfg);
  if (s.state === 'OPEN') return { ...s, failures: 0, failedIds: [] };
  return CLOSED;
}

/**
 * A health probe (HEAD) passed. An OPEN breaker goes HALF_OPEN at once instead of waiting out its timeout; it is
 * not closed, because a HEAD answer does not prove that POSTs succeed: the next real request is the trial.
 */
export function onProbeSuccess(s0: CircuitSnapshot, nowMs: number, cfg: CircuitConfig): CircuitSnapshot {
  const s = refresh(s0, nowMs, cfg);
  if (s.state !== 'OPEN') return s;
  return { ...s, state: 'HALF_OPEN', probeHolder: null, probeUntilMs: null };
}

/** A retryable failure (never 429) of message `messageId`; repeats of one message count once. */
export function onFailure(s0: CircuitSnapshot, messageId: string, nowMs: number, cfg: CircuitConfig): CircuitSnapshot {
  const s = refresh(s0, nowMs, cfg);
  if (s.state === 'HALF_OPEN') return { ...s, state: 'OPEN', openedAtMs: nowMs, probeHolder: null, probeUntilMs: null };
  if (s.state === 'OPEN') return s;
  if (s.failedIds.includes(messageId)) return s;
  const failures = s.failures + 1;
  const failedIds = [...s.failedIds, messageId].slice(-cfg.threshold);
  if (failures >= cfg.threshold)
    return { state: 'OPEN', failures, failedIds: [], openedAtMs: nowMs, probeHolder: null, probeUntilMs: null };
  return { ...s, failures, failedIds };
}
