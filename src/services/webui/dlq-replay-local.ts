// Replay of one DLQ entry per DECISIONS contract 9, used until the shared src/core/dlq-replay.ts lands
// (then this file should only delegate to it): target from `_dlq_source`, metadata stripped, counters reset,
// `_raw` entries only with an edited body, and the move is atomic (Queues.move).
import { parseQueued } from '../../core/dlq-entry.js';
import type { Keys } from '../../core/keys.js';
import type { Queues } from '../../ports/queues.js';

export type ReplayOutcome = { ok: true; target: string } | { ok: false; reason: string };

const META = /^_(dlq_|dead_)/;
const COUNTERS = new Set(['_remediation_attempts', '_retry_count', '_raw', 'shedding_reason']);

export function replayTarget(entry: Record<string, unknown>, keys: Keys): string {
  return entry._dlq_source === 'moog_forwarder' ? keys.alertQueue : keys.ingestQueue;
}

export function cleanForReplay(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) if (!META.test(k) && !COUNTERS.has(k)) out[k] = v;
  return out;
}

export async function replayOne(queues: Queues, keys: Keys, dlq: string, body: string, edited?: Record<string, unknown>): Promise<ReplayOutcome> {
  const parsed = parseQueued(body);
  if (!parsed.ok) return { ok: false, reason: `entry is ${parsed.reason}` };
  const entry = parsed.value;
  if ('_raw' in entry && !edited) return { ok: false, reason: 'entry holds unparsable input (_raw): replay needs an edited body' };
  const target = replayTarget(entry, keys);
  const replacement = JSON.stringify(cleanForReplay(edited ?? entry));
  const moved = await queues.move(dlq, body, target, replacement);
  return moved ? { ok: true, target } : { ok: false, reason: 'entry is no longer in the DLQ' };
}
