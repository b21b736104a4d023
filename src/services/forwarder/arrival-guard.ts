// Moogsoft counts a request when it arrives, the shared limiter when it grants the slot: arrival = grant + delay.
// If delays vary by less than G, any 1 s at Moog holds only grants from 1 s + G, so the limiter's window is
// stretched by G = the recent spread of (limiter asked -> Moog answered); a steady Moog latency costs nothing.

/** Seconds of history the spread is taken over: long enough to remember a stall, short enough to recover. */
const HISTORY_S = 30;
/** Never below this: one scheduler tick plus the Redis round trip the spread cannot see. */
const MIN_GUARD_MS = 20;
/** Hard cap (and the guard before anything was measured): Moog keeps >= 87 % of its limit however loaded we are. */
const MAX_GUARD_MS = 150;
const MAX_GUARD_FRACTION = 0.15;
/** The guard rises at once but falls at most this many ms per second: slots are booked up to a window ahead, so
 *  a guard that dipped with a quiet second would leave tightly spaced slots behind for the next stall. */
const DECAY_MS_PER_S = 10;

export class ArrivalGuard {
  private readonly second = new Float64Array(HISTORY_S).fill(-1);
  private readonly hi = new Float64Array(HISTORY_S);
  private readonly lo = new Float64Array(HISTORY_S);

  /** Last guard handed out and when: the starting point of the decay (starts at the cap). */
  private last = Number.POSITIVE_INFINITY;
  private lastAt: number;

  /** `now` is a monotonic millisecond clock (performance.now in production). */
  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastAt = now();
  }

  /** One request Moog answered: `askedAt` is when the limiter call that granted its slot started. */
  observe(askedAt: number, answeredAt: number): void {
    const rt = Math.max(0, answeredAt - askedAt);
    const sec = Math.floor(answeredAt / 1000);
    const i = sec % HISTORY_S;
    if (this.second[i] !== sec) {
      this.second[i] = sec;
      this.hi[i] = rt;
      this.lo[i] = rt;
      return;
    }
    if (rt > (this.hi[i] as number)) this.hi[i] = rt;
    if (rt < (this.lo[i] as number)) this.lo[i] = rt;
  }

  /** Shortest round trip in the history (0 before any): how long an answer takes when nothing is stalled. */
  baselineMs(): number {
    const nowSec = Math.floor(this.now() / 1000);
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < HISTORY_S; i += 1) {
      const s = this.second[i] as number;
      if (s >= 0 && nowSec - s < HISTORY_S) lo = Math.min(lo, this.lo[i] as number);
    }
    return Number.isFinite(lo) ? lo : 0;
  }

  /** Milliseconds to add to the customer's window for the next grants. */
  guardMs(windowMs: number): number {
    const cap = Math.max(MIN_GUARD_MS, Math.min(MAX_GUARD_MS, windowMs * MAX_GUARD_FRACTION));
    const now = this.now();
    const nowSec = Math.floor(now / 1000);
    let hi = -1;
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < HISTORY_S; i += 1) {
      const s = this.second[i] as number;
      if (s < 0 || nowSec - s >= HISTORY_S) continue;
      hi = Math.max(hi, this.hi[i] as number);
      lo = Math.min(lo, this.lo[i] as number);
    }
    const target = hi < 0 ? cap : Math.min(cap, Math.max(MIN_GUARD_MS, hi - lo + MIN_GUARD_MS));
    const floor = this.last - (DECAY_MS_PER_S * (now - this.lastAt)) / 1000;
    const guard = Math.min(cap, Math.max(target, floor));
    this.last = guard;
    this.lastAt = now;
    return Math.round(guard);
  }
}
