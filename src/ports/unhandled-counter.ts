// Unhandled-event counters (docs/decisions.md D5): one atomic step per occurrence, fixed window from the
// first hit, a `…:triggered` suppression key once the threshold is reached. Values are JSON records. The number of
// live signatures (counters plus markers) is capped, so a flood of distinct messages cannot exhaust memory.

export interface UnhandledHit {
  readonly hostname: string;
  /** First 16 hex of SHA-1 over the normalised message (core/rules/unhandled-signature). */
  readonly signature: string;
  readonly correlationId: string;
  /** The message; adapters keep at most 1 KiB of it. */
  readonly sample: string;
}

/** What `GET mutt:unhandled:<host>:<sig>` returns (docs/decisions.md D5). */
export interface UnhandledRecord {
  readonly count: number;
  readonly hostname: string;
  readonly signature: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly correlation_id: string;
  readonly sample: string;
}

export const UNHANDLED_SAMPLE_LIMIT = 1024;

export interface UnhandledLimits {
  /** Hits per signature that raise a meta-alert; <= 0 disables counting. */
  readonly threshold: number;
  /** Fixed window (and TTL) from a signature's first hit, seconds. */
  readonly windowSeconds: number;
  /** Live signatures (host × signature, counting or suppressed) tracked at most; a new one past it is refused. */
  readonly maxSignatures: number;
}

/**
 * Per hit: `counted`; `fired` (this hit reached the threshold: a meta-alert is due); `suppressed` (a meta-alert
 * fired within the window); `overflow` (a new signature past maxSignatures: nothing stored); `disabled`.
 */
export type UnhandledOutcome = 'counted' | 'fired' | 'suppressed' | 'overflow' | 'disabled';

export interface UnhandledCounter {
  /** Counts each hit in order, atomically per hit. One round trip for the whole batch. */
  record(hits: readonly UnhandledHit[], limits: UnhandledLimits): Promise<UnhandledOutcome[]>;
  /** Live signatures currently tracked (what maxSignatures is compared with). */
  trackedSignatures(): Promise<number>;
}
