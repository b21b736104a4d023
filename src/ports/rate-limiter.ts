export interface RateDecision {
  readonly allowed: boolean;
  /** When refused: milliseconds until a slot frees up (0 when allowed). */
  readonly waitMs: number;
}

export interface RateGrant {
  /** Permits granted, 0..wanted. */
  readonly granted: number;
  /** When fewer than wanted were granted: milliseconds until a slot frees up (else 0). */
  readonly waitMs: number;
}

export interface RateReservation {
  /** Booked send times, as milliseconds after the limiter's now (ascending); fewer than wanted, or none, when the schedule is booked past the horizon. */
  readonly slotsInMs: readonly number[];
  /** When nothing was booked: milliseconds until a slot can be booked again (else 0). */
  readonly waitMs: number;
}

/** Sliding-window log shared by every process on the same back end (one Lua script using Redis TIME). */
export interface RateLimiter {
  acquire(key: string, max: number, windowMs: number): Promise<RateDecision>;
  /** Up to `wanted` permits in one atomic step (never past `max` in the window); one round trip for a busy sender. */
  acquireMany(key: string, wanted: number, max: number, windowMs: number): Promise<RateGrant>;
  /** Pacer on the same log: books up to `wanted` send times spaced windowMs/max apart, none later than now + horizonMs. */
  reserveSlots(key: string, wanted: number, max: number, windowMs: number, horizonMs: number): Promise<RateReservation>;
  count(key: string, windowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}
