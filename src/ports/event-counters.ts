// Ingest time-bucket counters (`mutt:metrics:1m|1h|24h:<stamp>`), written in the same atomic step as the queue push
// so the Web UI's events/s never disagrees with what was queued.

export type BucketKind = '1m' | '1h' | '24h';

/** Bucket TTLs: 2 h of minutes, 2 days of hours, 30 days of days, enough for the dashboard's averages. */
export const BUCKET_TTL_SECONDS: Readonly<Record<BucketKind, number>> = { '1m': 7200, '1h': 172800, '24h': 2592000 };

export interface BucketStamps {
  readonly '1m': string;
  readonly '1h': string;
  readonly '24h': string;
}

let cachedMinute = -1;
let cachedStamps: BucketStamps = { '1m': '', '1h': '', '24h': '' };

/** UTC stamps `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH`, `YYYY-MM-DD`; memoised per minute (hot path). */
export function bucketStamps(at: Date): BucketStamps {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== cachedMinute) {
    const iso = new Date(minute * 60_000).toISOString();
    cachedStamps = { '1m': iso.slice(0, 16), '1h': iso.slice(0, 13), '24h': iso.slice(0, 10) };
    cachedMinute = minute;
  }
  return cachedStamps;
}

export interface CountedPushResult {
  /** False when the queue was at or over `cap`: nothing was pushed or counted. */
  readonly accepted: boolean;
  /** Depth observed before the push. */
  readonly depth: number;
  /** Depth after the push (equals `depth` when refused). */
  readonly length: number;
}

export interface EventCounters {
  /**
   * One atomic step: when depth(queue) < cap, push `messages` (first is consumed first, like Queues.push)
   * and add their count to the 1m/1h/24h buckets of `at`, refreshing each bucket's TTL.
   */
  pushCounted(queue: string, messages: readonly string[], cap: number, at: Date): Promise<CountedPushResult>;
  /** Values of the given buckets, 0 when absent or expired. */
  read(kind: BucketKind, stamps: readonly string[]): Promise<number[]>;
}
