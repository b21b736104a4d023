// Continuous pipeline instead of batch-synchronous lanes: up to FORWARDER_CONCURRENCY deliveries run at once;
// each one settles as soon as it finishes (grouped with whatever else finished meanwhile), and the claimer
// refills free slots while the others are still in flight, so one slow alert never holds a batch.
import type { Config } from '../../config/load.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import { deliverAlert, type DeliveryDeps, type Fate } from './deliver-alert.js';
import type { LogThrottle } from './log-throttle.js';
import { settleGroup, type Finished, type SettleDeps } from './settle-group.js';

export class DeliveryPipeline {
  private readonly windowSize: number;
  /** Claim only when this many slots are free (or nothing runs): sub-batches, not one claim round trip per alert. */
  private readonly refillAt: number;
  /** Claimed but not yet settled (running + waiting to settle): bounds the processing list if settling lags. */
  private readonly maxUnsettled: number;
  private running = 0;
  private unsettled = 0;
  private readonly finished: Finished[] = [];
  private settling: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Last time the claimer or a delivery made progress; /health reports a stall. */
  lastLoopAt = Date.now();

  constructor(
    private readonly c: Config,
    private readonly deliveries: DeliveryDeps,
    private readonly settle: SettleDeps,
    private readonly throttle: LogThrottle,
  ) {
    this.windowSize = Math.max(1, c.forwarderConcurrency);
    this.refillAt = Math.max(1, Math.min(c.forwarderBatchSize, Math.ceil(this.windowSize / 4)));
    this.maxUnsettled = this.windowSize * 2;
    settle.signal.addEventListener('abort', () => this.notify(), { once: true }); // a claimer waiting for free slots sees the stop
  }

  /** Claims until stopped, then resolves once every started delivery has finished and every finished one is settled. */
  async run(): Promise<void> {
    await this.claimer();
    while (this.running > 0 || this.settling !== null || this.finished.length > 0) await this.idle();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private async claimer(): Promise<void> {
    const { backends: b, processing, signal, sleep } = this.settle;
    while (!signal.aborted) {
      this.lastLoopAt = Date.now();
      const room = Math.min(this.c.forwarderBatchSize, this.windowSize - this.running, this.maxUnsettled - this.unsettled);
      if (room < this.refillAt && (this.running > 0 || this.settling !== null)) {
        await this.idle();
        continue;
      }
      let batch: ClaimedMessage[];
      try {
        batch = await b.queues.claim(b.keys.alertQueue, processing, Math.max(1, room), this.c.forwarderClaimWait * 1000);
      } catch (err) {
        this.throttle.log('error', `Claiming alerts failed: ${(err as Error).message}`);
        await sleep(1000);
        continue;
      }
      for (const m of batch) this.start(m);
    }
  }

  private start(m: ClaimedMessage): void {
    this.running += 1;
    this.unsettled += 1;
    void deliverAlert(this.deliveries, m)
      .catch((err: unknown): Fate => {
        this.throttle.log('error', `Unexpected error delivering alert: ${(err as Error).message}`);
        return { kind: 'retry', body: m.body, delayMs: 1000 };
      })
      .then((fate) => {
        this.running -= 1;
        this.lastLoopAt = Date.now();
        // Abandoned (stopping while waiting for a permit): left in the processing list for shutdown recovery.
        if (fate.kind === 'abandon') this.unsettled -= 1;
        else this.finished.push({ m, fate });
        this.flush();
        this.notify();
      });
  }

  private flush(): void {
    if (this.settling !== null || this.finished.length === 0) return;
    this.settling = (async () => {
      while (this.finished.length > 0) {
        const group = this.finished.splice(0);
        await settleGroup(this.settle, group);
        this.unsettled -= group.length;
        this.notify();
      }
    })().finally(() => {
      this.settling = null;
      this.notify();
    });
  }
}
