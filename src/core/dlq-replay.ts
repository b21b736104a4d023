// The replay plan (docs/decisions.md D11); services/runtime/dlq-replay.ts moves the entry. Target from `_dlq_source`
// (else the DLQ the entry sits in), metadata stripped, retry counters reset, `_raw` entries only with an edited body.
import type { Keys } from './keys.js';
import { parseQueued } from './dlq-entry.js';

export type ReplayMode =
  /** Remediation: consumes the `_remediation_attempts` budget (unless `free`, for shed entries). */
  | { kind: 'remediation'; free?: boolean }
  /** Operator (CLI/UI): resets `_remediation_attempts`. */
  | { kind: 'manual'; editedBody?: string };

export type ReplayResult =
  | { ok: true; target: string; body: string }
  | { ok: false; error: 'unparsable' | 'raw_needs_edit' | 'invalid_edit' | 'no_target' | 'gone' };

const META = /^_(dlq|dead)_/;

/** Which queue an entry goes back to. `dlqName` is the list it was read from (`mutt:dlq:moog`, …). */
export function replayTarget(entry: Record<string, unknown>, dlqName: string, keys: Keys): string | null {
  const source = entry._dlq_source;
  if (source === 'moog_forwarder') return keys.alertQueue;
  if (source === 'alerter') return keys.ingestQueue;
  const from = typeof entry._dead_source_dlq === 'string' ? entry._dead_source_dlq : dlqName;
  if (from === keys.dlq('moog')) return keys.alertQueue;
  if (from === keys.dlq('alerter')) return keys.ingestQueue;
  // The guide's manual drain (`RPOPLPUSH mutt:ingest_queue mutt:dlq:old_events`) parks plain events there.
  if (from === keys.dlq('old_events')) return keys.ingestQueue;
  return null;
}

/** The body that goes back on the queue: metadata out, `_last_dlq_reason` kept, counters reset. */
export function prepareReplay(entry: Record<string, unknown>, mode: ReplayMode, now: Date = new Date()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) if (!META.test(k)) out[k] = v;
  if (typeof entry._dlq_reason === 'string') out._last_dlq_reason = entry._dlq_reason;
  if ('_moog_retry_count' in out) out._moog_retry_count = 0;
  if ('_retry_count' in out) out._retry_count = 0;
  delete out._raw;
  const n = entry._remediation_attempts;
  const attempts = typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
  if (mode.kind === 'manual') delete out._remediation_attempts;
  else out._remediation_attempts = mode.free ? attempts : attempts + 1;
  out._replayed_at = now.toISOString();
  return out;
}

/** Builds the replacement without moving anything (dry-run, remediation's own batching). */
export function planReplay(raw: string, dlqName: string, keys: Keys, mode: ReplayMode, now?: Date): ReplayResult {
  const parsed = parseQueued(raw);
  if (!parsed.ok) return { ok: false, error: 'unparsable' };
  let entry = parsed.value;
  if ('_raw' in entry) {
    if (mode.kind !== 'manual' || mode.editedBody === undefined) return { ok: false, error: 'raw_needs_edit' };
    const edited = parseQueued(mode.editedBody);
    if (!edited.ok) return { ok: false, error: 'invalid_edit' };
    entry = { ...edited.value, _dlq_source: entry._dlq_source, _dlq_reason: entry._dlq_reason };
  } else if (mode.kind === 'manual' && mode.editedBody !== undefined) {
    const edited = parseQueued(mode.editedBody);
    if (!edited.ok) return { ok: false, error: 'invalid_edit' };
    entry = {
      ...edited.value,
      _dlq_source: entry._dlq_source,
      _dlq_reason: entry._dlq_reason,
      _dead_source_dlq: entry._dead_source_dlq,
    };
  }
  const target = replayTarget(entry, dlqName, keys);
  if (target === null) return { ok: false, error: 'no_target' };
  return { ok: true, target, body: JSON.stringify(prepareReplay(entry, mode, now)) };
}
