// The shared Moogsoft circuit breaker (`mutt:circuit_breaker:moogsoft:*`). Every operation is one atomic step
// on the back end's clock; semantics are those of src/core/moog/circuit-breaker.ts.
import type { CircuitConfig, CircuitState, Verdict } from '../core/moog/circuit-breaker.js';

export interface CircuitStatus {
  readonly state: CircuitState;
  readonly failures: number;
  /** Epoch ms the breaker opened, or null. */
  readonly openedAtMs: number | null;
  readonly probeHolder: string | null;
}

export interface CircuitStore {
  /** Lazy OPEN → HALF_OPEN, then: may `holder` send? ('probe' = the single half-open request). */
  admit(cfg: CircuitConfig, holder: string): Promise<{ verdict: Verdict; status: CircuitStatus }>;
  recordSuccess(cfg: CircuitConfig): Promise<CircuitStatus>;
  /** A retryable failure of one message (429 is never reported). */
  recordFailure(cfg: CircuitConfig, messageId: string): Promise<CircuitStatus>;
  /** A passing health probe: OPEN → HALF_OPEN before the timeout (never closes; the next real request decides). */
  recordProbeSuccess(cfg: CircuitConfig): Promise<CircuitStatus>;
  /** Pure read: past the open period it reports HALF_OPEN but stores nothing; only `admit` (a send) moves OPEN → HALF_OPEN. */
  status(cfg: CircuitConfig): Promise<CircuitStatus>;
  /** Closes the breaker (`mutt circuit reset`, healthy start). */
  reset(): Promise<CircuitStatus>;
}
