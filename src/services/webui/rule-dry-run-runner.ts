// Runs a DryRunJob in a worker thread under a wall-clock budget. A synchronous regex cannot be interrupted, so
// the budget is enforced by terminating the worker; the web UI's event loop only waits on a message.
import { Worker } from 'node:worker_threads';
import type { DryRunJob, DryRunOutcome } from './rule-dry-run-job.js';
import type { DryRunWorkerMessage } from './rule-dry-run-worker.js';
import type { DryRunSummary } from './rule-dry-run.js';

export type DryRunResult =
  | { readonly finished: true; readonly outcome: DryRunOutcome }
  /** The budget ran out: `partial` is the audit summary posted before the worker was stopped, if any. */
  | { readonly finished: false; readonly partial: DryRunSummary | null }
  /** Every worker slot is taken. */
  | { readonly finished: false; readonly busy: true };

export interface DryRunRunnerOptions {
  /** Worker entry; the default is the compiled sibling `rule-dry-run-worker.js`. */
  readonly workerUrl?: URL;
  /** Wall-clock budget from the worker's `ready` (modules loaded) to its answer. */
  readonly budgetMs: number;
  /** Limit on the worker's start-up, before the budget starts. */
  readonly startupTimeoutMs?: number;
  /** Dry-runs allowed at once; each one is a thread with its own heap. */
  readonly maxConcurrent?: number;
  /** Heap cap per worker, MiB: a job larger than this fails instead of growing the web UI process. */
  readonly maxHeapMb?: number;
}

export class RuleDryRunRunner {
  private running = 0;
  private readonly workerUrl: URL;

  constructor(private readonly opts: DryRunRunnerOptions) {
    this.workerUrl = opts.workerUrl ?? new URL('./rule-dry-run-worker.js', import.meta.url);
  }

  get budgetMs(): number {
    return this.opts.budgetMs;
  }

  run(job: DryRunJob): Promise<DryRunResult> {
    if (this.running >= (this.opts.maxConcurrent ?? 2)) return Promise.resolve({ finished: false, busy: true });
    this.running++;
    return new Promise<DryRunResult>((resolve, reject) => {
      let partial: DryRunSummary | null = null;
      let settled = false;
      const worker = new Worker(this.workerUrl, {
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 256 },
      });
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running--;
        fn();
        void worker.terminate();
      };
      const expire = (): void => settle(() => resolve({ finished: false, partial }));
      let timer = setTimeout(expire, this.opts.startupTimeoutMs ?? 10_000);
      worker.on('message', (m: DryRunWorkerMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          timer = setTimeout(expire, this.opts.budgetMs);
        } else if (m.type === 'progress') partial = m.partial;
        else settle(() => resolve({ finished: true, outcome: m.outcome }));
      });
      worker.on('error', (err) => settle(() => reject(err)));
      worker.on('exit', (code) => settle(() => reject(new Error(`dry-run worker exited with code ${code}`))));
    });
  }
}
