// Rate-limit assertions count arrivals the way Moogsoft does: in every sliding window, not per fixed second.

/** Highest number of stamps inside any sliding window (t - windowMs, t]: the strictest reading of "per second". */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi += 1) {
    while ((t[hi] as number) - (t[lo] as number) >= windowMs) lo += 1;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}
