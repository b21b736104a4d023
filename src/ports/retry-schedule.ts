// Non-blocking forwarder retries (docs/decisions.md D6): a message waiting for its next attempt sits in
// `mutt:retry:moog` (due time in ms), never in a worker, and is promoted back to its queue when due.
import type { ClaimedMessage } from './queues.js';

export interface ScheduledRetry {
  readonly claimed: ClaimedMessage;
  /** The body to re-queue (with its incremented retry counter). */
  readonly body: string;
  readonly delayMs: number;
}

export interface RetrySchedule {
  /** Removes each claimed message from `processing` and parks its new body, atomically per message. */
  schedule(processing: string, retries: readonly ScheduledRetry[]): Promise<void>;
  /** Moves up to `max` due entries to `target` atomically; returns how many moved. */
  promoteDue(target: string, max: number): Promise<number>;
  size(): Promise<number>;
  /** Milliseconds until the earliest entry is due (0 if one is due now), or null when empty. */
  nextDueInMs(): Promise<number | null>;
}
