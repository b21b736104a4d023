// Sliding-window log kept in memory: only one process uses the embedded back end, so there is nothing to share.
import type { RateDecision, RateGrant, RateLimiter, RateReservation } from '../../ports/rate-limiter.js';

/** Timestamps of granted requests, oldest first; `head` skips expired ones without shifting the array. */
interface WindowLog {
  stamps: number[];
  head: number;
  /** Window of the latest call, for sweeping idle keys. */
  windowMs: number;
}

export class EmbeddedRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, WindowLog>();
  /** Latest slot booked per pacer key. */
  private readonly booked = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const now = this.now();
    const log = this.prune(key, now, windowMs);
    if (log.stamps.length - log.head < max) {
      log.stamps.push(now);
      return { allowed: true, waitMs: 0 };
    }
    const oldest = log.stamps[log.head] ?? now;
    return { allowed: false, waitMs: Math.max(1, oldest + windowMs - now) };
  }

  async acquireMany(key: string, wanted: number, max: number, windowMs: number): Promise<RateGrant> {
    const n = Math.floor(wanted);
    if (n < 1) return { granted: 0, waitMs: 0 };
    const now = this.now();
    const log = this.prune(key, now, windowMs);
    const granted = Math.max(0, Math.min(n, max - (log.stamps.length - log.head)));
    for (let i = 0; i < granted; i++) log.stamps.push(now);
    if (granted === n) return { granted, waitMs: 0 };
    const oldest = log.stamps[log.head] ?? now;
    return { granted, waitMs: Math.max(1, oldest + windowMs - now) };
  }

  /** The pacer of rateReserve-1.lua: send times spaced windowMs/max apart, none later than now + horizonMs. */
  async reserveSlots(key: string, wanted: number, max: number, windowMs: number, horizonMs: number): Promise<RateReservation> {
    const n = Math.floor(wanted);
    if (n < 1) return { slotsInMs: [], waitMs: 0 };
    const now = this.now();
    const spacing = Math.max(0.001, windowMs / Math.max(1, Math.floor(max)));
    const previous = this.booked.get(key);
    let next = previous === undefined ? now : Math.max(now, previous + spacing);
    const slotsInMs: number[] = [];
    const last = now + Math.min(Math.max(0, horizonMs), windowMs - spacing);
    while (slotsInMs.length < n && next <= last) {
      slotsInMs.push(next - now);
      next += spacing;
    }
    if (slotsInMs.length === 0) return { slotsInMs, waitMs: Math.max(1, Math.ceil(next - last)) };
    this.booked.set(key, next - spacing);
    return { slotsInMs, waitMs: 0 };
  }

  async count(key: string, windowMs: number): Promise<number> {
    const log = this.prune(key, this.now(), windowMs);
    return log.stamps.length - log.head;
  }

  async reset(key: string): Promise<void> {
    this.logs.delete(key);
    this.booked.delete(key);
  }

  /** Forgets keys with no request inside their window (keys are per client or per service, so they come and go). */
  sweep(): void {
    const now = this.now();
    for (const [key, last] of this.booked) if (last < now - 60_000) this.booked.delete(key);
    for (const [key, log] of this.logs) {
      const last = log.stamps[log.stamps.length - 1];
      if (last === undefined || last <= now - log.windowMs) this.logs.delete(key);
    }
  }

  private prune(key: string, now: number, windowMs: number): WindowLog {
    let log = this.logs.get(key);
    if (!log) {
      log = { stamps: [], head: 0, windowMs };
      this.logs.set(key, log);
    }
    log.windowMs = windowMs;
    const floor = now - windowMs;
    while (log.head < log.stamps.length && (log.stamps[log.head] ?? 0) <= floor) log.head++;
    // Compact once the dead prefix dominates, keeping pruning amortised O(1).
    if (log.head > 1024 && log.head * 2 > log.stamps.length) {
      log.stamps = log.stamps.slice(log.head);
      log.head = 0;
    }
    return log;
  }
}
