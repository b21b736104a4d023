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

/** Sliding-window log shared by every process on the same back end (one Lua script using Redis TIME). */
export interface RateLimiter {
  acquire(key: string, max: number, windowMs: number): Promise<RateDecision>;
  /** Up to `wanted` permits in one atomic step (never past `max` in the window); one round trip for a busy sender. */
  acquireMany(key: string, wanted: number, max: number, windowMs: number): Promise<RateGrant>;
  count(key: string, windowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}
