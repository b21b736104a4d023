// Unhandled-event counters (alerter.md §8, DECISIONS A6): one atomic step per occurrence, fixed window from the
// first hit, a `…:triggered` suppression key once the threshold is reached. Values are JSON records.

export interface UnhandledHit {
  readonly hostname: string;
  /** First 16 hex of SHA-1(message). */
  readonly signature: string;
  readonly correlationId: string;
  /** The message; adapters keep at most 1 KiB of it. */
  readonly sample: string;
}

/** What `GET mutt:unhandled:<host>:<sig>` returns (A6). */
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

export interface UnhandledCounter {
  /**
   * Counts each hit in order, atomically per hit. Returns, per hit, true when that hit reached the threshold
   * (a meta-alert is due). threshold <= 0 disables counting. One round trip for the whole batch.
   */
  record(hits: readonly UnhandledHit[], threshold: number, windowSeconds: number): Promise<boolean[]>;
}
