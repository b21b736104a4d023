// One DLQ → target pass of a remediation cycle (docs/decisions.md D10, D11): claim into our processing list (crash-safe),
// then per entry replay through runtime/dlq-replay, or move to mutt:dlq:dead with a reason.
import { correlationIdOf } from '../../core/correlation.js';
import { deadEntry, dlqRawEntry, parseQueued } from '../../core/dlq-entry.js';
import { replayEntry } from '../runtime/dlq-replay.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import type { RemediationMetrics } from './remediation-metrics.js';

export interface BatchDeps {
  readonly backends: Backends;
  readonly logger: Logger;
  readonly metrics: RemediationMetrics;
  readonly processing: string;
  readonly maxAttempts: number;
  /** Waits for 1..wanted slots of the shared replay rate (one limiter call for many); 0 when stopping. */
  acquireSlots(wanted: number): Promise<number>;
  /** For mutt:dlq:alerter: checked before each entry (ingest depth under the shed threshold). */
  mayContinue(): Promise<boolean>;
}

const UNPARSABLE_REASONS = new Set(['invalid_json', 'not_an_object', 'invalid_message']);

async function toDead(
  d: BatchDeps,
  dlq: string,
  m: ClaimedMessage,
  entry: Record<string, unknown> | null,
  reason: string,
): Promise<void> {
  const base = entry ?? dlqRawEntry(m.body, { reason: 'invalid_json', source: 'remediation', pod: 'remediation' });
  const dead = deadEntry(base, { reason, sourceDlq: dlq });
  await d.backends.queues.settle(d.processing, [m], [{ queue: d.backends.keys.dlq('dead'), messages: [JSON.stringify(dead)] }]);
}

export interface BatchResult {
  /** Entries taken off the DLQ and dealt with (replayed, or moved to mutt:dlq:dead). */
  readonly handled: number;
  readonly replayed: number;
}

export async function replayBatch(d: BatchDeps, dlq: string, batchSize: number): Promise<BatchResult> {
  const { queues, keys } = d.backends;
  let replayed = 0;
  let handled = 0;
  const claimed = await queues.claim(dlq, d.processing, batchSize, 0);
  let slots = 0;
  for (const [i, m] of claimed.entries()) {
    const go = await d.mayContinue();
    if (go && slots === 0) slots = await d.acquireSlots(claimed.length - i);
    if (!go || slots === 0) {
      // Not our turn any more: the rest go back to the back of their DLQ, untouched.
      await queues.settle(d.processing, claimed.slice(i), [{ queue: dlq, messages: claimed.slice(i).map((x) => x.body) }]);
      break;
    }
    slots -= 1;
    handled += 1;
    try {
      const parsed = parseQueued(m.body);
      if (!parsed.ok || '_raw' in parsed.value || UNPARSABLE_REASONS.has(String(parsed.value._dlq_reason))) {
        await toDead(d, dlq, m, parsed.ok ? parsed.value : null, 'unparseable');
        d.metrics.poison.inc();
        d.logger.warning(`Poison message (unparseable) moved from ${dlq} to ${keys.dlq('dead')}: ${m.body.slice(0, 100)}`);
        continue;
      }
      const entry = parsed.value;
      const cid = correlationIdOf(entry) ?? 'unknown';
      const shed = entry._dlq_reason === 'shed_backpressure';
      const n =
        typeof entry._remediation_attempts === 'number' && Number.isInteger(entry._remediation_attempts)
          ? entry._remediation_attempts
          : 0;
      if (!shed && n >= d.maxAttempts) {
        await toDead(d, dlq, m, entry, 'max_remediation_attempts');
        d.metrics.poison.inc();
        d.logger.warning(
          `Poison message correlation_id=${cid} moved to ${keys.dlq('dead')} after ${n} replay attempt(s) (last reason ${String(entry._dlq_reason)})`,
          { correlation_id: cid },
        );
        continue;
      }
      const r = await replayEntry(queues, keys, d.processing, dlq, m.body, { kind: 'remediation', free: shed });
      if (!r.ok) {
        if (r.error === 'no_target') {
          await toDead(d, dlq, m, entry, 'no_replay_target');
          d.metrics.poison.inc();
        } else {
          handled -= 1;
          d.metrics.replayFail.inc({ reason: 'processing_error' });
        }
        continue;
      }
      replayed += 1;
      d.metrics.replaySuccess.inc({ dlq_name: dlq });
      d.logger.info(`Replaying message correlation_id=${cid} attempt ${shed ? n : n + 1}/${d.maxAttempts} to ${r.target}`, {
        correlation_id: cid,
      });
    } catch (err) {
      handled -= 1;
      d.metrics.replayFail.inc({ reason: 'processing_error' });
      d.logger.error(`Replay of one entry from ${dlq} failed: ${(err as Error).message}; returned to the back of the DLQ`);
      await queues.settle(d.processing, [m], [{ queue: dlq, messages: [m.body] }]).catch(() => undefined);
    }
  }
  return { handled, replayed };
}

/** Start-up: anything left in our processing list goes back to the DLQ it came from (by `_dlq_source`), one atomic move each. */
export async function recoverOwnList(b: Backends, processing: string): Promise<number> {
  let moved = 0;
  for (const body of await b.queues.range(processing, 0, -1)) {
    const p = parseQueued(body);
    const dlq = p.ok && p.value._dlq_source === 'alerter' ? b.keys.dlq('alerter') : b.keys.dlq('moog');
    if (await b.queues.move(processing, body, dlq, body)) moved += 1;
  }
  return moved;
}
