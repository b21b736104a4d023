// How long the oldest audit write has been waiting. A silent database connection raises no error until the query
// timeout, so /health looks at this instead of waiting for one.

/** An audit INSERT of one batch takes milliseconds; one still unanswered after this is a stall worth reporting. */
export const STORE_STALL_MS = 5_000;

export class StoreWriteWatch {
  private readonly pending = new Map<symbol, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  async track<T>(write: () => Promise<T>): Promise<T> {
    const key = Symbol('write');
    this.pending.set(key, this.now());
    try {
      return await write();
    } finally {
      this.pending.delete(key);
    }
  }

  /** Milliseconds the oldest outstanding write has waited; 0 when none is outstanding. */
  oldestMs(): number {
    let oldest = Infinity;
    for (const started of this.pending.values()) oldest = Math.min(oldest, started);
    return oldest === Infinity ? 0 : this.now() - oldest;
  }
}
