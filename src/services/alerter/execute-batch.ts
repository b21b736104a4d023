// The I/O half of a batch: unhandled counters (one round trip), audit rows (one INSERT), then ONE settle that
// acks the batch and appends alerts, DLQ entries and retries. Ack happens only after the audit commit.
import type { Config } from '../../config/load.js';
import type { Keys } from '../../core/keys.js';
import { buildMetaAlert } from '../../core/rules/alert-payload.js';
import { deviceTeamFor } from '../../core/rules/handling.js';
import type { Logger } from '../../observability/logger.js';
import type { ClaimedMessage, QueueOutput, Queues } from '../../ports/queues.js';
import type { Store } from '../../ports/store.js';
import type { UnhandledCounter, UnhandledOutcome } from '../../ports/unhandled-counter.js';
import type { AlerterMetrics } from './alerter-metrics.js';
import { unhandledSettings, type DynamicRead } from './dynamic-settings.js';
import type { LogThrottle } from './log-throttle.js';
import type { UnhandledOverflowLog } from './unhandled-overflow-log.js';
import {
  isRetry,
  retryOrDeadLetter,
  type DlqItem,
  type HandledItem,
  type PreparedBatch,
  type RetryItem,
  type RuleSnapshot,
} from './prepare-batch.js';
import { isDataError, isStoreUnavailable } from './store-errors.js';
import type { StoreWriteWatch } from './store-write-watch.js';

export interface BatchDeps {
  readonly config: Config;
  readonly keys: Keys;
  readonly queues: Queues;
  readonly store: Pick<Store, 'insertEventAudit'>;
  readonly storeHealthy: () => Promise<boolean>;
  readonly unhandled: UnhandledCounter;
  readonly dyn: DynamicRead;
  readonly metrics: AlerterMetrics;
  readonly logger: Logger;
  readonly throttle: LogThrottle;
  readonly overflowLog: UnhandledOverflowLog;
  readonly pod: string;
  readonly processing: string;
  readonly isStopping: () => boolean;
  readonly setStoreDown: (down: boolean) => void;
  /** Outstanding audit writes, so /health can report a stall before any error surfaces. */
  readonly storeWrites: StoreWriteWatch;
  readonly sleep: (ms: number) => Promise<void>;
}

export type BatchOutcome = 'settled' | 'released' | 'abandoned';

const MAX_BACKOFF_MS = 30_000;

async function raiseMetaAlerts(batch: PreparedBatch, snap: RuleSnapshot, d: BatchDeps): Promise<string[]> {
  if (batch.unhandled.length === 0) return [];
  const s = await unhandledSettings(d.dyn, d.config);
  let outcomes: UnhandledOutcome[];
  try {
    outcomes = await d.unhandled.record(
      batch.unhandled.map((u) => ({
        hostname: u.hostname,
        signature: u.signature,
        correlationId: u.correlationId,
        sample: u.message,
      })),
      s,
    );
  } catch (err) {
    // As in Python MUTT, counter errors are logged and never retried; the events still count as done.
    d.logger.error(`Unhandled counter update failed: ${(err as Error).message}`);
    return [];
  }
  const overflow = outcomes.filter((o) => o === 'overflow').length;
  if (overflow > 0) {
    d.metrics.unhandledOverflow.inc(overflow);
    d.overflowLog.note(overflow, s.maxSignatures);
  }
  const alerts: string[] = [];
  batch.unhandled.forEach((u, i) => {
    if (outcomes[i] !== 'fired') return;
    d.logger.warning(`UNHANDLED: Threshold ${s.threshold} hit for ${u.hostname}: ${u.message.slice(0, 100)}...`, {
      correlation_id: u.correlationId,
    });
    const team = deviceTeamFor(u.hostname, snap.teams, d.config.unhandledDefaultTeam);
    alerts.push(
      JSON.stringify(
        buildMetaAlert({
          event: u.event,
          hostname: u.hostname,
          message: u.message,
          signature: u.signature,
          threshold: s.threshold,
          windowSeconds: s.windowSeconds,
          team,
          environment: u.environment,
          correlationId: u.correlationId,
        }),
      ),
    );
    d.metrics.metaAlerts.inc();
  });
  return alerts;
}

/** Inserts row by row to find the bad ones; those take the retry → DLQ path, the rest stay committed. */
async function isolateBadRows(
  handled: HandledItem[],
  d: BatchDeps,
): Promise<{ ok: HandledItem[]; failed: (RetryItem | DlqItem)[] }> {
  const ok: HandledItem[] = [];
  const failed: (RetryItem | DlqItem)[] = [];
  for (const h of handled) {
    try {
      await d.store.insertEventAudit([h.audit]);
      ok.push(h);
    } catch (err) {
      if (isStoreUnavailable(err)) throw err;
      d.logger.error(`Audit insert failed: ${(err as Error).message}`, { correlation_id: h.correlationId });
      failed.push(
        retryOrDeadLetter(h.claimed, h.event, h.correlationId, err, {
          maxRetries: d.config.alerterMaxRetries,
          maxMessageBytes: d.config.alerterMaxMessageBytes,
          pod: d.pod,
        }),
      );
    }
  }
  return { ok, failed };
}

/** Writes the audit rows; waits out a database outage with the batch kept in the processing list. */
async function writeAudit(
  handled: HandledItem[],
  claimed: readonly ClaimedMessage[],
  d: BatchDeps,
): Promise<{ ok: HandledItem[]; failed: (RetryItem | DlqItem)[] } | 'released'> {
  if (handled.length === 0) return { ok: [], failed: [] };
  let delay = 500;
  for (;;) {
    try {
      const t0 = performance.now();
      await d.storeWrites.track(() => d.store.insertEventAudit(handled.map((h) => h.audit)));
      d.metrics.dbWriteLatency.observe(performance.now() - t0);
      d.setStoreDown(false);
      return { ok: handled, failed: [] };
    } catch (err) {
      const down = isStoreUnavailable(err) || (!isDataError(err) && !(await d.storeHealthy().catch(() => false)));
      if (!down) {
        try {
          return await isolateBadRows(handled, d);
        } catch (again) {
          err = again;
        }
      }
      d.setStoreDown(true);
      if (d.throttle.allow('db-down', 10_000))
        d.logger.error(
          `PostgreSQL unavailable, keeping ${claimed.length} events and retrying in ${delay} ms: ${(err as Error).message}`,
        );
      if (d.isStopping()) {
        await d.queues.release(d.processing, claimed, d.keys.ingestQueue);
        return 'released';
      }
      await d.sleep(delay);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }
}

async function settleWithRetry(claimed: readonly ClaimedMessage[], outputs: QueueOutput[], d: BatchDeps): Promise<boolean> {
  let delay = 500;
  for (;;) {
    try {
      await d.queues.settle(d.processing, claimed, outputs);
      return true;
    } catch (err) {
      if (d.throttle.allow('settle', 10_000)) d.logger.error(`Queue settle failed, retrying: ${(err as Error).message}`);
      // The batch stays in our processing list; own-list recovery at the next start returns it.
      if (d.isStopping()) return false;
      await d.sleep(delay);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }
}

export async function executeBatch(
  claimed: readonly ClaimedMessage[],
  claimedAt: number,
  batch: PreparedBatch,
  snap: RuleSnapshot,
  d: BatchDeps,
): Promise<BatchOutcome> {
  // Independent round trips (Redis counters, PostgreSQL audit) run concurrently.
  const [metaAlerts, audit] = await Promise.all([raiseMetaAlerts(batch, snap, d), writeAudit(batch.handled, claimed, d)]);
  if (audit === 'released') return 'released';
  const retries: RetryItem[] = [...batch.retries];
  const dlq: DlqItem[] = [...batch.dlq];
  for (const f of audit.failed) {
    if (isRetry(f)) retries.push(f);
    else dlq.push(f);
  }
  const alerts = [...audit.ok.flatMap((h) => (h.alert === null ? [] : [h.alert])), ...metaAlerts];
  const outputs: QueueOutput[] = [
    { queue: d.keys.alertQueue, messages: alerts },
    { queue: d.keys.dlq('alerter'), messages: dlq.map((x) => x.entry) },
    { queue: d.keys.ingestQueue, messages: retries.map((r) => r.body) },
  ].filter((o) => o.messages.length > 0);
  if (!(await settleWithRetry(claimed, outputs, d))) return 'abandoned';

  const m = d.metrics;
  const tookMs = Date.now() - claimedAt;
  if (audit.ok.length > 0) m.eventsProcessed.inc({ status: 'handled' }, audit.ok.length);
  if (batch.unhandled.length > 0) m.eventsProcessed.inc({ status: 'unhandled' }, batch.unhandled.length);
  const poison = dlq.filter((x) => x.status === 'poison').length;
  if (poison > 0) m.eventsProcessed.inc({ status: 'poison' }, poison);
  const errors = dlq.length - poison + retries.length;
  if (errors > 0) m.eventsProcessed.inc({ status: 'error' }, errors);
  if (alerts.length > 0) m.alertsForwarded.inc(alerts.length);
  for (let i = 0; i < audit.ok.length + batch.unhandled.length; i++) m.processingLatency.observe(tookMs / 1000);
  for (const x of dlq) {
    if (x.status === 'poison')
      d.logger.error(
        `Poison Message: Max retries (${d.config.alerterMaxRetries}) exceeded. Moving to DLQ: ${x.entry.slice(0, 200)}`,
        { correlation_id: x.correlationId },
      );
    else d.logger.warning(`Moved event to DLQ (${x.reason}): ${x.entry.slice(0, 200)}`, { correlation_id: x.correlationId });
  }
  for (const r of retries)
    d.logger.warning(`Re-queued message with retry count ${r.attempts}`, { correlation_id: r.correlationId });
  if (dlq.length > 0) m.dlqDepth.set(await d.queues.depth(d.keys.dlq('alerter')).catch(() => 0));
  if (d.config.logEventLines) logEventLines(batch, tookMs, d.logger);
  return 'settled';
}

function logEventLines(batch: PreparedBatch, tookMs: number, logger: Logger): void {
  for (const h of batch.handled) {
    logger.info(`Processing event with correlation_id=${h.correlationId} took ${tookMs} ms`, { correlation_id: h.correlationId });
    logger.debug(
      `Handled: ${String(h.event.hostname)} -> Rule ${h.rule.rule.id} (${h.rule.rule.priority}) -> ${h.decision.handling}`,
      { correlation_id: h.correlationId },
    );
  }
  for (const u of batch.unhandled)
    logger.info(`Processing event with correlation_id=${u.correlationId} took ${tookMs} ms`, { correlation_id: u.correlationId });
}
