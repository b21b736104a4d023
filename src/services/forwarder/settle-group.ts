// Settles one group of finished deliveries: one transaction for acks + DLQ entries, one call for retries.
import type { Sleep } from '../../core/interruptible-sleep.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import type { Fate } from './deliver-alert.js';
import type { ForwarderMetrics } from './forwarder-metrics.js';

export interface Finished {
  readonly m: ClaimedMessage;
  readonly fate: Fate;
}

export interface SettleDeps {
  readonly backends: Backends;
  readonly processing: string;
  readonly metrics: ForwarderMetrics;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
}

function countFates(
  group: readonly Finished[],
  metrics: ForwarderMetrics,
): { done: ClaimedMessage[]; dlq: string[]; retries: { claimed: ClaimedMessage; body: string; delayMs: number }[] } {
  const done: ClaimedMessage[] = [];
  const dlq: string[] = [];
  const retries: { claimed: ClaimedMessage; body: string; delayMs: number }[] = [];
  const dlqReasons = new Map<string, number>();
  for (const { m, fate: f } of group) {
    if (f.kind === 'done') done.push(m);
    if (f.kind === 'dlq') {
      done.push(m);
      dlq.push(f.entry);
      dlqReasons.set(f.reason, (dlqReasons.get(f.reason) ?? 0) + 1);
    }
    if (f.kind === 'retry') retries.push({ claimed: m, body: f.body, delayMs: f.delayMs });
  }
  // Counters once per group rather than per alert (label lookups add up at thousands of alerts/s).
  const delivered = done.length - dlq.length;
  if (delivered > 0) {
    metrics.processed.inc({ status: 'success' }, delivered);
    metrics.requests.inc({ status: 'success' }, delivered);
  }
  if (dlq.length > 0) metrics.processed.inc({ status: 'dlq' }, dlq.length);
  for (const [reason, n] of dlqReasons) metrics.dlqWrites.inc({ reason }, n);
  if (retries.length > 0) metrics.processed.inc({ status: 'error' }, retries.length);
  return { done, dlq, retries };
}

export async function settleGroup(d: SettleDeps, group: readonly Finished[]): Promise<void> {
  const { queues, retrySchedule, keys } = d.backends;
  const { done, dlq, retries } = countFates(group, d.metrics);
  // Settlement must not be skipped: retry with backoff until it lands or we stop (then start-up recovery owns it).
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (done.length > 0)
        await queues.settle(d.processing, done, dlq.length > 0 ? [{ queue: keys.dlq('moog'), messages: dlq }] : []);
      done.length = 0;
      if (retries.length > 0) await retrySchedule.schedule(d.processing, retries);
      return;
    } catch (err) {
      d.logger.error(`Settling ${group.length} alert(s) failed: ${(err as Error).message}; retrying`);
      if (d.signal.aborted) return;
      await d.sleep(Math.min(1000 * 2 ** attempt, 30_000));
    }
  }
}
