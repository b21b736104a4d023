// Dedicated connections for BLMOVE, so a consumer waiting for work never stalls the shared command
// connection. One connection per concurrent waiter, created on demand, bounded by `max`.
import type { Redis } from 'ioredis';

export class BlockingPool {
  private readonly idle: Redis[] = [];
  private readonly all = new Set<Redis>();
  private readonly waiters: { resolve: (c: Redis) => void; reject: (e: Error) => void }[] = [];
  private opening = 0;
  private closed = false;

  constructor(
    private readonly open: () => Promise<Redis>,
    private readonly max: number,
  ) {}

  /** Moves the oldest message of `queue` into `processing`, waiting up to `waitMs`; null on timeout or close. */
  async blmove(queue: string, processing: string, waitMs: number): Promise<string | null> {
    let conn: Redis;
    try {
      conn = await this.acquire();
    } catch (err) {
      if (this.closed) return null;
      throw err;
    }
    try {
      return await conn.blmove(queue, processing, 'RIGHT', 'LEFT', waitMs / 1000);
    } catch (err) {
      // A shutdown cuts the wait short; a message moved meanwhile stays in processing for recovery.
      if (this.closed) return null;
      throw err;
    } finally {
      this.release(conn);
    }
  }

  /** Number of blocking connections opened so far (for tests and diagnostics). */
  get size(): number {
    return this.all.size;
  }

  private async acquire(): Promise<Redis> {
    if (this.closed) throw new Error('Redis blocking pool is closed');
    const idle = this.idle.pop();
    if (idle !== undefined) return idle;
    if (this.all.size + this.opening < this.max) {
      this.opening++;
      try {
        const conn = await this.open();
        if (this.closed) {
          conn.disconnect();
          throw new Error('Redis blocking pool is closed');
        }
        this.all.add(conn);
        return conn;
      } finally {
        this.opening--;
      }
    }
    return new Promise<Redis>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(conn: Redis): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(conn);
    else this.idle.push(conn);
  }

  /** Drops every connection at once: pending BLMOVEs end immediately instead of waiting out their timeout. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('Redis blocking pool is closed'));
    for (const conn of this.all) conn.disconnect();
    this.all.clear();
    this.idle.length = 0;
  }
}
