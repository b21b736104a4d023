// The Web UI's replay of one DLQ entry: delegates to the one shared replay function (src/services/runtime/dlq-replay.ts,
// docs/decisions.md D11) in manual mode, and turns its error codes into the operator-facing reasons.
import type { ReplayResult } from '../../core/dlq-replay.js';
import { replayEntry } from '../runtime/dlq-replay.js';
import type { Keys } from '../../core/keys.js';
import type { Queues } from '../../ports/queues.js';

export type ReplayOutcome = { ok: true; target: string; body: string } | { ok: false; reason: string };

const REASONS: Record<Extract<ReplayResult, { ok: false }>['error'], string> = {
  unparsable: 'entry is not a JSON object',
  raw_needs_edit: 'entry holds unparsable input (_raw): replay needs an edited body',
  invalid_edit: 'edited body is not a JSON object',
  no_target: 'entry does not say which queue it came from',
  gone: 'entry is no longer in the DLQ',
};

export async function replayOne(
  queues: Queues,
  keys: Keys,
  dlq: string,
  body: string,
  edited?: Record<string, unknown>,
): Promise<ReplayOutcome> {
  const r = await replayEntry(queues, keys, dlq, dlq, body, {
    kind: 'manual',
    editedBody: edited === undefined ? undefined : JSON.stringify(edited),
  });
  return r.ok ? { ok: true, target: r.target, body: r.body } : { ok: false, reason: REASONS[r.error] };
}
