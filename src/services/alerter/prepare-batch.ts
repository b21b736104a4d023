// Turns one claimed batch into decisions without I/O: DLQ entries, retries, audit rows + alerts, unhandled hits.
import { correlationIdOf } from '../../core/correlation.js';
import { dlqEntry, dlqRawEntry, parseQueued, type DlqReason } from '../../core/dlq-entry.js';
import { buildAlert } from '../../core/rules/alert-payload.js';
import { stripSecretFields } from '../../core/redaction.js';
import { normalizeEventTimestamp } from '../../core/rules/event-timestamp.js';
import { decideHandling, environmentOf, type Environment, type HandlingDecision } from '../../core/rules/handling.js';
import { matchEvent, matchInputOf, messageText } from '../../core/rules/match-event.js';
import type { PlannedRule, RulePlan } from '../../core/rules/rule-plan.js';
import { unhandledSignature } from '../../core/rules/unhandled-signature.js';
import type { ClaimedMessage } from '../../ports/queues.js';
import type { EventAuditRow } from '../../ports/store.js';

export interface RuleSnapshot {
  readonly plan: RulePlan;
  readonly devHosts: ReadonlySet<string>;
  readonly teams: ReadonlyMap<string, string>;
}

export interface PrepareOptions {
  readonly maxRetries: number;
  readonly maxMessageBytes: number;
  readonly pod: string;
  readonly now?: Date;
}

export interface HandledItem {
  readonly claimed: ClaimedMessage;
  readonly event: Record<string, unknown>;
  readonly correlationId: string;
  readonly retryCount: number;
  readonly rule: PlannedRule;
  readonly decision: HandlingDecision;
  readonly audit: EventAuditRow;
  readonly alert: string | null;
}

export interface UnhandledItem {
  readonly claimed: ClaimedMessage;
  readonly event: Record<string, unknown>;
  readonly correlationId: string;
  readonly hostname: string;
  readonly message: string;
  readonly signature: string;
  readonly environment: Environment;
}

export interface DlqItem {
  readonly claimed: ClaimedMessage;
  readonly correlationId: string;
  readonly entry: string;
  readonly status: 'poison' | 'error';
  readonly reason: DlqReason;
}

export interface RetryItem {
  readonly claimed: ClaimedMessage;
  readonly correlationId: string;
  readonly body: string;
  readonly attempts: number;
}

export interface PreparedBatch {
  readonly handled: HandledItem[];
  readonly unhandled: UnhandledItem[];
  readonly dlq: DlqItem[];
  readonly retries: RetryItem[];
}

const HOSTNAME_MAX = 255;
const HANDLING_MAX = 100;

/** `_retry_count`: a non-negative integer or numeric string; anything else counts as 0. */
export function retryCountOf(event: Readonly<Record<string, unknown>>): number {
  const v = event._retry_count;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : 0;
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

const REQUIRED = ['hostname', 'timestamp', 'message'] as const;

/** Failed attempt: re-queue with `_retry_count + 1`, or dead-letter once the budget is spent. */
export function retryOrDeadLetter(
  claimed: ClaimedMessage,
  event: Record<string, unknown>,
  correlationId: string,
  err: unknown,
  opts: PrepareOptions,
): RetryItem | DlqItem {
  const attempts = retryCountOf(event) + 1;
  const error = err instanceof Error ? err.message : String(err);
  if (attempts > opts.maxRetries) {
    const entry = dlqEntry(event, { reason: 'processing_exception', source: 'alerter', pod: opts.pod, error, attempts });
    return { claimed, correlationId, entry: JSON.stringify(entry), status: 'error', reason: 'processing_exception' };
  }
  return { claimed, correlationId, body: JSON.stringify({ ...event, _retry_count: attempts }), attempts };
}

export function isRetry(item: RetryItem | DlqItem): item is RetryItem {
  return 'body' in item;
}

function auditRow(
  event: Record<string, unknown>,
  hostname: string,
  rule: PlannedRule,
  decision: HandlingDecision,
  now: Date,
  cid: string,
): EventAuditRow {
  return {
    correlation_id: cid === 'unknown' ? '' : cid.slice(0, 128),
    event_timestamp: normalizeEventTimestamp(event.timestamp) ?? now,
    hostname: hostname.slice(0, HOSTNAME_MAX),
    matched_rule_id: rule.rule.id,
    handling_decision: decision.handling.slice(0, HANDLING_MAX),
    forwarded_to_moog: decision.forward,
    raw_message: JSON.stringify(stripSecretFields(event)),
  };
}

export function prepareBatch(claimed: readonly ClaimedMessage[], snap: RuleSnapshot, opts: PrepareOptions): PreparedBatch {
  const out: PreparedBatch = { handled: [], unhandled: [], dlq: [], retries: [] };
  const now = opts.now ?? new Date();
  const dead = (
    c: ClaimedMessage,
    cid: string,
    entry: Record<string, unknown>,
    status: 'poison' | 'error',
    reason: DlqReason,
  ): void => {
    out.dlq.push({ claimed: c, correlationId: cid, entry: JSON.stringify(entry), status, reason });
  };
  for (const c of claimed) {
    if (c.body.length > opts.maxMessageBytes) {
      dead(c, 'unknown', dlqRawEntry(c.body, { reason: 'too_large', source: 'alerter', pod: opts.pod }), 'error', 'too_large');
      continue;
    }
    const parsed = parseQueued(c.body);
    if (!parsed.ok) {
      dead(
        c,
        'unknown',
        dlqRawEntry(c.body, { reason: parsed.reason, source: 'alerter', pod: opts.pod }),
        'error',
        parsed.reason,
      );
      continue;
    }
    const event = parsed.value;
    const cid = correlationIdOf(event) ?? 'unknown';
    const retries = retryCountOf(event);
    if (retries > opts.maxRetries) {
      dead(
        c,
        cid,
        dlqEntry(event, { reason: 'retry_exhausted', source: 'alerter', pod: opts.pod, attempts: retries }),
        'poison',
        'retry_exhausted',
      );
      continue;
    }
    const missing = REQUIRED.filter((f) => !truthy(event[f]));
    if (missing.length > 0) {
      const entry = dlqEntry(event, {
        reason: 'missing_fields',
        source: 'alerter',
        pod: opts.pod,
        error: `missing fields: ${missing.join(',')}`,
      });
      dead(c, cid, entry, 'error', 'missing_fields');
      continue;
    }
    try {
      const hostname = String(event.hostname);
      const message = messageText(event.message) ?? '';
      const hit = matchEvent(snap.plan, matchInputOf(event));
      if (hit === null) {
        const environment = environmentOf(hostname, snap.devHosts);
        out.unhandled.push({
          claimed: c,
          event,
          correlationId: cid,
          hostname,
          message,
          signature: unhandledSignature(message),
          environment,
        });
        continue;
      }
      const decision = decideHandling(hit.rule, hostname, snap.devHosts);
      const alert = decision.forward ? JSON.stringify(buildAlert(event, hostname, message, hit.rule, decision, cid)) : null;
      out.handled.push({
        claimed: c,
        event,
        correlationId: cid,
        retryCount: retries,
        rule: hit,
        decision,
        audit: auditRow(event, hostname, hit, decision, now, cid),
        alert,
      });
    } catch (err) {
      const r = retryOrDeadLetter(c, event, cid, err, opts);
      if (isRetry(r)) out.retries.push(r);
      else out.dlq.push(r);
    }
  }
  return out;
}
