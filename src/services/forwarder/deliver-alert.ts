// One claimed alert's fate: delivered, parked for retry, or dead-lettered (docs/decisions.md D3, D6, D17).
import { createHash } from 'node:crypto';
import type { Config } from '../../config/load.js';
import { retryDelayMs, type BackoffPolicy } from '../../core/moog/backoff.js';
import { correlationIdOf } from '../../core/correlation.js';
import { dlqEntry, dlqRawEntry, parseQueued, type DlqReason } from '../../core/dlq-entry.js';
import { buildMoogPayload } from '../../core/moog/moog-payload.js';
import { stripSecretFields } from '../../core/redaction.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import type { CircuitView } from './circuit-view.js';
import type { LiveSettings } from './forwarder-settings.js';
import type { ForwarderMetrics } from './forwarder-metrics.js';
import type { LogThrottle } from './log-throttle.js';
import type { Moog } from '../../ports/moog.js';
import type { Permit, RateGate } from './rate-gate.js';

export type Fate =
  | { kind: 'done' }
  | { kind: 'dlq'; entry: string; reason: DlqReason }
  | { kind: 'retry'; body: string; delayMs: number }
  /** Stopping while waiting for the rate limit: left in the processing list for shutdown recovery. */
  | { kind: 'abandon' };

export interface DeliveryDeps {
  readonly config: Config;
  readonly backends: Backends;
  readonly logger: Logger;
  readonly throttle: LogThrottle;
  readonly metrics: ForwarderMetrics;
  readonly client: Moog;
  readonly circuit: CircuitView;
  readonly pod: string;
  readonly policy: BackoffPolicy;
  /** Shared rate-limit permits, acquired for many waiting alerts per limiter call. */
  readonly gate: RateGate;
  settings(): LiveSettings;
  stopping(): boolean;
  sleep(ms: number): Promise<void>;
  /** Rate-limited `Circuit breaker is OPEN, skipping forward` line. */
  circuitOpenLog(correlationId: string): void;
}

function retryCount(alert: Record<string, unknown>): number {
  const n = alert._moog_retry_count;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

function toDlq(
  d: DeliveryDeps,
  alert: Record<string, unknown>,
  reason: DlqReason,
  extra: { status?: number | null; error?: string | null; attempts?: number },
): Fate {
  const entry = dlqEntry(alert, {
    reason,
    source: 'moog_forwarder',
    pod: d.pod,
    ...(extra.status != null ? { statusCode: extra.status } : {}),
    ...(extra.error != null ? { error: extra.error } : {}),
    ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
  });
  entry._moog_retry_count = 0;
  return { kind: 'dlq', entry: JSON.stringify(entry), reason };
}

/** The booked slot (slept until); undefined with the rate limit off, null when stopping before the slot. */
async function waitForRateSlot(d: DeliveryDeps): Promise<Permit | null | undefined> {
  if (!d.config.moogRateLimitEnabled) return undefined;
  for (;;) {
    const permit = await d.gate.take();
    if (permit === null) return null;
    const wait = permit.sendAt - performance.now();
    if (wait >= 1) await d.sleep(wait);
    if (d.stopping()) return null;
    // A stalled process wakes many deliveries at once, a stalled Moog reads a lump at once: either would bunch
    // arrivals in Moog's window, so the slot is given up and another booked.
    if (performance.now() - permit.sendAt <= permit.lateMs && !d.gate.receiverStalled(permit)) return permit;
    d.metrics.rateSlotsMissed.inc();
  }
}

export async function deliverAlert(d: DeliveryDeps, msg: ClaimedMessage): Promise<Fate> {
  const parsed = parseQueued(msg.body);
  if (!parsed.ok) {
    d.throttle.log('error', `Unparsable alert sent to DLQ (reason=${parsed.reason}): ${msg.body.slice(0, 200)}`);
    return {
      kind: 'dlq',
      entry: JSON.stringify(dlqRawEntry(msg.body, { reason: parsed.reason, source: 'moog_forwarder', pod: d.pod })),
      reason: parsed.reason,
    };
  }
  const alert = parsed.value;
  const cid = correlationIdOf(alert) ?? 'unknown';
  const fields = { correlation_id: cid };
  const made = retryCount(alert);
  const max = d.config.retryMaxAttempts;
  if (made >= max) {
    d.metrics.failures.inc({ reason: 'retry_exhausted' });
    return toDlq(d, alert, 'retry_exhausted', { attempts: made });
  }
  const s = d.settings();
  const verdict = await d.circuit.admit(s.circuit, `${d.pod}:${cid}`);
  if (verdict === 'reject') {
    d.circuitOpenLog(cid);
    d.metrics.failures.inc({ reason: 'circuit_open' });
    d.metrics.requests.inc({ status: 'fail' });
    return toDlq(d, alert, 'circuit_open', { error: 'Circuit breaker is OPEN, skipping forward', attempts: made });
  }
  const permit = await waitForRateSlot(d);
  if (permit === null) return { kind: 'abandon' };
  let body: string;
  try {
    body = JSON.stringify(
      buildMoogPayload(stripSecretFields(alert), { signatureTemplate: d.config.moogSignatureTemplate, nowMs: Date.now() }),
    );
  } catch (err) {
    return toDlq(d, alert, 'invalid_message', { error: (err as Error).message, attempts: made });
  }
  const sentAt = permit === undefined ? 0 : d.gate.sending();
  const res = await d.client.send(body, cid);
  const attempts = made + 1;
  const o = res.outcome;
  if (permit !== undefined) d.gate.finished(sentAt, o.status !== null ? permit : undefined); // an answer: Moog counted it
  if (o.kind !== 'retryable' || o.reason === 'http' || o.reason === 'rate_limit') d.metrics.latency.observe(res.latencyMs / 1000);
  if (o.kind === 'success') {
    // requests{status="success"} is counted per settled group (settleGroup), not per alert.
    await d.circuit.success(s.circuit);
    if (d.config.logEventLines)
      d.logger.info(`Forwarded alert with correlation_id=${cid}`, {
        ...fields,
        status: o.status,
        latency_ms: Math.round(res.latencyMs),
      });
    return { kind: 'done' };
  }
  d.metrics.requests.inc({ status: 'fail' });
  d.metrics.failures.inc({ reason: o.reason });
  if (o.kind === 'non_retryable') {
    if (verdict === 'probe') await d.circuit.success(s.circuit); // Moog answered: it is up, just rejecting this alert
    const hint = o.status === 401 || o.status === 403 ? ' (check MOOG_API_KEY in Vault)' : '';
    d.throttle.log(
      'error',
      `Moog rejected alert, sent to DLQ (reason=non_retryable) correlation_id=${cid}: ${res.error ?? ''}${hint}`,
      fields,
    );
    return toDlq(d, alert, 'non_retryable', { status: o.status, error: res.error, attempts });
  }
  if (o.countsForBreaker) await d.circuit.failure(s.circuit, messageId(alert, msg.body, cid));
  if (attempts >= max) {
    d.throttle.log(
      'error',
      `Retries exhausted (${attempts}/${max}), alert sent to DLQ (reason=retry_exhausted) correlation_id=${cid}: ${res.error ?? ''}`,
      fields,
    );
    return toDlq(d, alert, 'retry_exhausted', { status: o.status, error: res.error, attempts });
  }
  const delayMs = retryDelayMs(d.policy, attempts, o.retryAfterMs);
  d.throttle.log(
    'warning',
    `Retry ${attempts + 1}/${max} for correlation_id=${cid} in ${(delayMs / 1000).toFixed(1)}s (backoff) after ${res.error ?? 'error'}`,
    fields,
  );
  const next = { ...stripSecretFields(alert), _moog_retry_count: attempts };
  return { kind: 'retry', body: JSON.stringify(next), delayMs };
}

/** Distinct-message identity for the breaker: the correlation id, else a hash of the body. */
function messageId(alert: Record<string, unknown>, body: string, cid: string): string {
  if (cid !== 'unknown') return cid;
  void alert;
  return createHash('sha1').update(body).digest('hex');
}
