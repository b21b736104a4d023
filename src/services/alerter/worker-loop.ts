// The consume loop: backpressure → claim a batch → prepare (pure) → execute (audit, one settle). One batch at a
// time per process; failures back off instead of spinning, and stop() waits for the in-flight batch.
import type { Config } from '../../config/load.js';
import type { BatchDeps } from './execute-batch.js';
import { executeBatch } from './execute-batch.js';
import { applyBackpressure } from './backpressure.js';
import { prepareBatch } from './prepare-batch.js';
import type { RuleCache } from './rule-cache.js';

export interface LoopState {
  queueDown: boolean;
}

export async function runWorkerLoop(config: Config, cache: RuleCache, d: BatchDeps, state: LoopState): Promise<void> {
  const waitMs = Math.round(config.alerterClaimTimeout * 1000);
  let delay = 500;
  while (!d.isStopping()) {
    const snap = cache.snapshot;
    if (snap === null) {
      await d.sleep(100);
      continue;
    }
    let claimed: Awaited<ReturnType<typeof d.queues.claim>> = [];
    try {
      await applyBackpressure(d, config.alerterBatchSize);
      if (d.isStopping()) break;
      claimed = await d.queues.claim(d.keys.ingestQueue, d.processing, config.alerterBatchSize, waitMs);
      const claimedAt = Date.now();
      state.queueDown = false;
      delay = 500;
      if (claimed.length === 0) {
        d.metrics.processingListDepth.set(await d.queues.depth(d.processing));
        continue;
      }
      // Take the snapshot after the (blocking) claim, so a reload that landed meanwhile applies to this batch.
      const current = cache.snapshot ?? snap;
      const prepared = prepareBatch(claimed, current, { maxRetries: config.alerterMaxRetries, maxMessageBytes: config.alerterMaxMessageBytes, pod: d.pod });
      await executeBatch(claimed, claimedAt, prepared, current, d);
    } catch (err) {
      // Queue back end trouble (claim/settle/depth): the batch, if any, is still in our processing list.
      state.queueDown = true;
      if (d.throttle.allow('loop', 10_000)) d.logger.critical(`Unhandled error in main loop: ${(err as Error).message}`);
      // Never strand a claimed batch in a live pod's list: hand it back (best effort; own-list recovery covers the rest).
      if (claimed.length > 0) await d.queues.release(d.processing, claimed, d.keys.ingestQueue).catch(() => undefined);
      await d.sleep(delay);
      delay = Math.min(delay * 2, 30_000);
    }
  }
}
