// Durable FIFO queues with reliable (claim → settle) consumption. Redis lists in production, PGlite rows embedded.
// Queue names are full logical key names from core/keys.ts (e.g. `mutt:ingest_queue`).

/** A claimed message. `receipt` identifies it in its processing list (the body itself on Redis, a row id on PGlite). */
export interface ClaimedMessage {
  readonly body: string;
  readonly receipt: string;
}

export interface QueueOutput {
  readonly queue: string;
  readonly messages: readonly string[];
}

export interface BoundedPushResult {
  readonly accepted: boolean;
  /** Depth observed before the push. */
  readonly depth: number;
}

export interface Queues {
  /** Appends messages as the newest entries (Redis LPUSH order: the first element is consumed first). */
  push(queue: string, messages: readonly string[]): Promise<void>;
  /** Appends only when depth < cap, checked once for the whole batch (soft cap, as in Python MUTT). */
  pushBounded(queue: string, messages: readonly string[], cap: number): Promise<BoundedPushResult>;
  /** Moves up to `max` oldest messages into `processing`; waits up to `waitMs` for the first one. */
  claim(queue: string, processing: string, max: number, waitMs: number): Promise<ClaimedMessage[]>;
  /** Atomically removes `done` from `processing` and appends each output. Nothing is lost or doubled by a crash here. */
  settle(processing: string, done: readonly ClaimedMessage[], outputs: readonly QueueOutput[]): Promise<void>;
  /** Puts claimed messages back at the consuming end of `queue` (retry soon), atomically. */
  release(processing: string, claimed: readonly ClaimedMessage[], queue: string): Promise<void>;
  /** Moves everything in `processing` back to `queue`; returns how many moved (janitor / startup recovery). */
  recover(processing: string, queue: string): Promise<number>;
  depth(queue: string): Promise<number>;
  /** Newest first, like `LRANGE key start stop` (inclusive, negative indexes allowed). */
  range(queue: string, start: number, stop: number): Promise<string[]>;
  /** Removes one occurrence of `body` from `from` and, if it was there, appends `replacement` to `to`, atomically. */
  move(from: string, body: string, to: string, replacement: string): Promise<boolean>;
  /** Removes one occurrence of `body`; true when something was removed. */
  remove(queue: string, body: string): Promise<boolean>;
  /** Deletes the whole queue; returns how many entries it held. */
  purge(queue: string): Promise<number>;
  /** Names of existing lists that start with `prefix` (e.g. `mutt:processing:alerter:`). */
  listQueues(prefix: string): Promise<string[]>;
}
