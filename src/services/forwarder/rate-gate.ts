// Shared-rate-limit permits for this pod's deliveries. Every delivery waiting for a permit joins one queue and a
// single loop books send times for all of them at once (reserveSlots): one Redis round trip per group. Slots are
// spaced window/max apart on Redis' clock, with the window stretched by the arrival guard, so the limit holds
// where Moog counts it (on arrival) and a late wake-up never pushes the shared schedule back.
import type { RateLimiter } from '../../ports/rate-limiter.js';
import { ArrivalGuard } from './arrival-guard.js';

export interface RateGateDeps {
  readonly limiter: RateLimiter;
  readonly key: string;
  /** Current max / window (dynamic config can change them between calls). */
  readonly limits: () => { rateMax: number; rateWindowMs: number };
  readonly stopping: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called with how many waiting alerts got no slot from one limiter call. */
  readonly onDenied: (refused: number) => void;
  /** Called with the arrival guard (ms) each limiter call used. */
  readonly onGuard?: (guardMs: number) => void;
  readonly guard?: ArrivalGuard;
}

/** A booked send time, on performance.now()'s clock. */
export interface Permit {
  /** Send no earlier than this (the slot, mapped after the limiter answered, so never before Redis' slot). */
  readonly sendAt: number;
  /** The slot mapped from when the limiter call started: the earliest it can be, for the arrival guard. */
  readonly slotFloor: number;
  /** Woken later than sendAt + this, the request would eat the guard: give the slot up and book another. */
  readonly lateMs: number;
}

interface Waiter {
  resolve(permit: Permit | null): void;
  reject(err: unknown): void;
}

export class RateGate {
  private readonly waiting: Waiter[] = [];
  private running = false;
  private readonly guard: ArrivalGuard;
  /** Send times (performance.now) of requests not yet ended, with how many went out at that instant. */
  private readonly inFlight = new Map<number, number>();
  private lastAnswerAt = 0;

  constructor(private readonly d: RateGateDeps) {
    this.guard = d.guard ?? new ArrivalGuard();
  }

  /** Resolves with a booked slot, null when the service stops while waiting; rejects when the limiter fails. */
  take(): Promise<Permit | null> {
    return new Promise<Permit | null>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.running) void this.run();
    });
  }

  /** A request is going out now on this permit; pair with finished(). */
  sending(): number {
    const at = performance.now();
    this.inFlight.set(at, (this.inFlight.get(at) ?? 0) + 1);
    return at;
  }

  /** The request sent at `sentAt` ended; `permit` when Moog answered it (any HTTP status), which feeds the guard. */
  finished(sentAt: number, permit: Permit | undefined): void {
    const n = (this.inFlight.get(sentAt) ?? 1) - 1;
    if (n > 0) this.inFlight.set(sentAt, n);
    else this.inFlight.delete(sentAt);
    if (permit === undefined) return;
    const now = performance.now();
    this.lastAnswerAt = now;
    this.guard.observe(permit.slotFloor, now);
  }

  /**
   * Moog (or the path to it) looks frozen: a request is waiting longer than a normal answer plus the late
   * allowance and nothing was answered meanwhile. Whatever we send now would be counted in one lump once it
   * wakes, so slots are given up until it answers again.
   */
  receiverStalled(permit: Permit): boolean {
    const now = performance.now();
    const threshold = this.guard.baselineMs() + permit.lateMs;
    if (now - this.lastAnswerAt <= threshold) return false;
    for (const sentAt of this.inFlight.keys()) if (now - sentAt > threshold) return true;
    return false;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const wanted = this.waiting.length;
        const { rateMax, rateWindowMs } = this.d.limits();
        const guardMs = this.guard.guardMs(rateWindowMs);
        this.d.onGuard?.(guardMs);
        const askedAt = performance.now();
        let booked: { slotsInMs: readonly number[]; waitMs: number };
        try {
          // Book two slots ahead at most: a pod that stalls wastes only those, and the other pods take the rest.
          const spacing = (rateWindowMs + guardMs) / rateMax;
          booked = await this.d.limiter.reserveSlots(this.d.key, wanted, rateMax, rateWindowMs + guardMs, 2 * spacing);
        } catch (err) {
          // Same as a failing per-alert acquire: each of these deliveries fails and is retried later.
          for (const w of this.waiting.splice(0, wanted)) w.reject(err);
          continue;
        }
        const answeredAt = performance.now();
        const slots = booked.slotsInMs;
        const served = this.waiting.splice(0, Math.min(slots.length, wanted));
        const lateMs = guardMs / 3; // the rest of the guard is for the network and Moog's own stalls
        served.forEach((w, i) =>
          w.resolve({ sendAt: answeredAt + (slots[i] as number), slotFloor: askedAt + (slots[i] as number), lateMs }),
        );
        if (slots.length >= wanted) continue; // newcomers (if any) go in the next call straight away
        this.d.onDenied(wanted - slots.length);
        if (this.d.stopping()) {
          for (const w of this.waiting.splice(0)) w.resolve(null);
          return;
        }
        if (slots.length === 0) await this.d.sleep(Math.min(Math.max(booked.waitMs, 1), 1000));
      }
    } finally {
      this.running = false;
    }
  }
}
