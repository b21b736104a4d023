// At most one line per key per interval, so a sustained condition (backpressure, a DB outage) cannot flood logs.
export class LogThrottle {
  private readonly last = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  allow(key: string, intervalMs: number): boolean {
    const t = this.now();
    const prev = this.last.get(key);
    if (prev !== undefined && t - prev < intervalMs) return false;
    this.last.set(key, t);
    return true;
  }
}
