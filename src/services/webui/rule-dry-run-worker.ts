// Worker-thread entry of POST /rules/test: runs one DryRunJob (workerData) and posts progress, then the outcome.
// The web UI terminates this thread when WEBUI_RULE_TEST_BUDGET_MS runs out, which also stops a regex mid-match.
import { parentPort, workerData } from 'node:worker_threads';
import { runDryRunJob, type DryRunJob } from './rule-dry-run-job.js';
import type { DryRunSummary } from './rule-dry-run.js';

export type DryRunWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly partial: DryRunSummary }
  | { readonly type: 'done'; readonly outcome: ReturnType<typeof runDryRunJob> };

/** Progress is posted at most this often: enough for a truncated answer, cheap next to the matching itself. */
const PROGRESS_EVERY_MS = 20;

const port = parentPort;
if (port) {
  // Modules are loaded: the budget starts now, so thread start-up (slower on a cold or busy host) is not counted.
  port.postMessage({ type: 'ready' } satisfies DryRunWorkerMessage);
  let last = performance.now();
  const outcome = runDryRunJob(workerData as DryRunJob, (partial) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    port.postMessage({ type: 'progress', partial: partial() } satisfies DryRunWorkerMessage);
  });
  port.postMessage({ type: 'done', outcome } satisfies DryRunWorkerMessage);
}
