// Backpressure, measured on the ingest queue before each claim. dlq sheds the OLDEST events into
// mutt:dlq:alerter (claimed first, then settled into the DLQ, so nothing is lost); defer sleeps; none only warns.
import { dlqEntry, dlqRawEntry, parseQueued } from '../../core/dlq-entry.js';
import type { BatchDeps } from './execute-batch.js';
import { backpressureSettings } from './dynamic-settings.js';

export async function applyBackpressure(d: BatchDeps, batchSize: number): Promise<void> {
  const depth = await d.queues.depth(d.keys.ingestQueue);
  d.metrics.queueDepth.set(depth);
  const s = await backpressureSettings(d.dyn, d.config);
  if (depth > s.shed) {
    if (s.mode === 'dlq') return shed(d, depth, s.shed, Math.min(depth - s.shed, batchSize));
    if (s.mode === 'defer') {
      d.metrics.shedEvents.inc({ mode: 'defer' });
      if (d.throttle.allow('defer', 10_000))
        d.logger.warning(`Backpressure: Queue depth ${depth} exceeds shed threshold ${s.shed}, deferring ${s.deferMs}ms`);
      await d.sleep(s.deferMs);
      return;
    }
    if (d.throttle.allow('shed-none', 60_000))
      d.logger.warning(`Backpressure: Queue depth ${depth} exceeds shed threshold ${s.shed}, shedding disabled (mode ${s.mode})`);
    return;
  }
  if (depth > s.warn && d.throttle.allow('warn', 10_000)) {
    d.logger.warning(`BACKPRESSURE WARNING: Ingest queue depth (${depth}) is over warn threshold (${s.warn}).`);
  }
}

async function shed(d: BatchDeps, depth: number, threshold: number, count: number): Promise<void> {
  if (count <= 0) return;
  const claimed = await d.queues.claim(d.keys.ingestQueue, d.processing, count, 0);
  if (claimed.length === 0) return;
  const reason = `queue_depth_exceeded:${depth}>${threshold}`;
  const entries = claimed.map((c) => {
    const p = parseQueued(c.body);
    const meta = { reason: 'shed_backpressure' as const, source: 'alerter' as const, pod: d.pod };
    const entry = p.ok ? dlqEntry(p.value, meta) : dlqRawEntry(c.body, meta);
    return JSON.stringify({ ...entry, shedding_reason: reason });
  });
  await d.queues.settle(d.processing, claimed, [{ queue: d.keys.dlq('alerter'), messages: entries }]);
  d.metrics.shedEvents.inc({ mode: 'dlq' }, claimed.length);
  if (d.throttle.allow('shed', 1_000)) {
    d.logger.warning(`Backpressure: Queue depth ${depth} exceeds shed threshold ${threshold}, shedding event`, {
      shed: claimed.length,
    });
  }
}
