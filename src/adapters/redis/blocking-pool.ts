// Dedicated connections for BLMOVE, so a consumer waiting for work never stalls the shared command
// connection. One connection per concurrent waiter, created on demand, bounded by `max`.
import type { Redis } from 'ioredis';
import { MuttError } from '../../core/errors.js';

export class BlockingPool {
  private readonly idle: Redis[] = [];
  private readonly all = new Set<Redis>();
  private readonly waiters: { resolve: (c: Redis) => void; reject: (e: Error) => void }[] = [];
  private opening = 0;
  private closed = false;

  constructor(
    private readonly open: () => Promise<Redis>,
    private readonly max: number,
    /** A pop with a server-side wait of T ms that has no reply by T + this is on a silent connection. */
    private readonly replyMarginMs = 5_000,
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
    // Watchdog: TCP gives no sign when a path goes silent, so the connection is discarded and the caller retries on a new one.
    let silent = false;
    let timer: NodeJS.Timeout | undefined;
    const limitMs = waitMs + this.replyMarginMs;
    const watchdog = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        silent = true;
        reject(
          new MuttError(
            'MUTT_BACKEND_UNAVAILABLE',
            `Redis did not answer a blocking pop within ${limitMs} ms; connection dropped`,
          ),
        );
      }, limitMs);
    });
    try {
      return await Promise.race([conn.blmove(queue, processing, 'RIGHT', 'LEFT', waitMs / 1000), watchdog]);
    } catch (err) {
      // A shutdown cuts the wait short; a message moved meanwhile stays in processing for recovery.
      if (this.closed) return null;
      throw err;
    } finally {
      clearTimeout(timer);
      if (silent) this.discard(conn);
      else this.release(conn);
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
    if (this.all.size + this.opening < this.max) return this.openOne();
    return new Promise<Redis>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private async openOne(): Promise<Redis> {
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

  /** Drops a silent connection; a caller queued for a connection gets a new one instead. */
  private discard(conn: Redis): void {
    this.all.delete(conn);
    conn.disconnect();
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) this.openOne().then(waiter.resolve, waiter.reject);
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
