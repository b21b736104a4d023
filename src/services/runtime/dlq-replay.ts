// The ONE replay move (docs/decisions.md D11): remediation, `mutt dlq replay` and the UI all call it; the plan is core's.
import type { Keys } from '../../core/keys.js';
import { planReplay, type ReplayMode, type ReplayResult } from '../../core/dlq-replay.js';
import type { Queues } from '../../ports/queues.js';

/**
 * Replays one entry: removes `raw` from `from` (a DLQ, or remediation's processing list holding it) and pushes the
 * prepared body to its target in one atomic step. `dlqName` names the DLQ the entry came from.
 */
export async function replayEntry(
  queues: Queues,
  keys: Keys,
  from: string,
  dlqName: string,
  raw: string,
  mode: ReplayMode,
): Promise<ReplayResult> {
  const plan = planReplay(raw, dlqName, keys, mode);
  if (!plan.ok) return plan;
  const moved = await queues.move(from, raw, plan.target, plan.body);
  return moved ? plan : { ok: false, error: 'gone' };
}
