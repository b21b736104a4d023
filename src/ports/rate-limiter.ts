export interface RateDecision {
  readonly allowed: boolean;
  /** When refused: milliseconds until a slot frees up (0 when allowed). */
  readonly waitMs: number;
}

/** Sliding-window log shared by every process on the same back end (one Lua script using Redis TIME). */
export interface RateLimiter {
  acquire(key: string, max: number, windowMs: number): Promise<RateDecision>;
  count(key: string, windowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}
