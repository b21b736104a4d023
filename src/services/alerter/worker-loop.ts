// The consume loop: backpressure → claim a batch → prepare (pure) → execute (audit, one settle). Up to
// MAX_IN_FLIGHT batches overlap: batch N+1 is claimed and prepared while batch N's audit INSERT is in flight, so the
// process is not idle on the database round trip. Each batch still acks only after its own audit commit, so the order
// in which batches settle does not matter for at-least-once. Failures back off instead of spinning, and the loop
// returns only after every in-flight batch has finished (stop() waits for it).
import type { Config } from '../../config/load.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import type { BatchDeps } from './execute-batch.js';
import { executeBatch } from './execute-batch.js';
import { applyBackpressure } from './backpressure.js';
import { prepareBatch } from './prepare-batch.js';
import type { RuleCache } from './rule-cache.js';

export interface LoopState {
  queueDown: boolean;
}

/** Two is enough to hide the INSERT round trip (measured: a third adds nothing) and bounds a pod's processing list to 2 batches. */
export const MAX_IN_FLIGHT = 2;

const MAX_BACKOFF_MS = 30_000;

export async function runWorkerLoop(config: Config, cache: RuleCache, d: BatchDeps, state: LoopState): Promise<void> {
  const waitMs = Math.round(config.alerterClaimTimeout * 1000);
  const inFlight = new Set<Promise<void>>();
  let delay = 500;

  // Queue back end trouble (claim/settle/depth): the batch, if any, is still in our processing list.
  const onFailure = async (err: unknown, claimed: readonly ClaimedMessage[]): Promise<void> => {
    state.queueDown = true;
    if (d.throttle.allow('loop', 10_000)) d.logger.critical(`Unhandled error in main loop: ${(err as Error).message}`);
    // Never strand a claimed batch in a live pod's list: hand it back (best effort; own-list recovery covers the rest).
    if (claimed.length > 0) await d.queues.release(d.processing, claimed, d.keys.ingestQueue).catch(() => undefined);
    const wait = delay;
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    await d.sleep(wait);
  };

  while (!d.isStopping()) {
    if (inFlight.size >= MAX_IN_FLIGHT) {
      await Promise.race(inFlight);
      continue;
    }
    const snap = cache.snapshot;
    if (snap === null) {
      await d.sleep(100);
      continue;
    }
    let claimed: ClaimedMessage[] = [];
    try {
      await applyBackpressure(d, config.alerterBatchSize);
      if (d.isStopping()) break;
      claimed = await d.queues.claim(d.keys.ingestQueue, d.processing, config.alerterBatchSize, waitMs);
      const claimedAt = Date.now();
      state.queueDown = false;
      delay = 500;
      if (claimed.length === 0) {
        let depth = await d.queues.depth(d.processing);
        // Idle with nothing in flight, anything in our list is an orphan (a blocking pop whose reply was lost on a
        // silent connection): hand it back now instead of at the next restart.
        if (depth > 0 && inFlight.size === 0) {
          const back = await d.queues.recover(d.processing, d.keys.ingestQueue);
          if (back > 0) d.logger.warning(`Returned ${back} orphaned messages from ${d.processing} to ${d.keys.ingestQueue}`);
          depth -= back;
        }
        d.metrics.processingListDepth.set(Math.max(0, depth));
        continue;
      }
      // Take the snapshot after the (blocking) claim, so a reload that landed meanwhile applies to this batch.
      const current = cache.snapshot ?? snap;
      const prepared = prepareBatch(claimed, current, {
        maxRetries: config.alerterMaxRetries,
        maxMessageBytes: config.alerterMaxMessageBytes,
        pod: d.pod,
      });
      const batch = claimed;
      const task: Promise<void> = executeBatch(batch, claimedAt, prepared, current, d)
        .then(
          () => undefined,
          (err: unknown) => onFailure(err, batch),
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    } catch (err) {
      await onFailure(err, claimed);
    }
  }
  await Promise.all(inFlight);
}
