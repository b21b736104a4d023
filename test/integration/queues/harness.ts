// Opens the coordination back ends for the active test profile through createTestBackends(), and hands out
// unique queue names under the run's key prefix so the redis-postgres cleanup finds them.
import { randomBytes } from 'node:crypto';
import { createTestBackends, testProfile } from '../../helpers/backends.js';
import type { CoordinationBackends } from '../../../src/ports/backends.js';

export const profileUnderTest = testProfile;

export interface QueueHarness {
  readonly backends: CoordinationBackends;
  /** Key prefix of this isolated run ('' on embedded). */
  readonly prefix: string;
  /** A fresh name under the prefix, unique per call. */
  name(tag: string): string;
  cleanup(): Promise<void>;
}

function harness(backends: CoordinationBackends, prefix: string, cleanup: () => Promise<void>): QueueHarness {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return { backends, prefix, cleanup, name: (tag) => `${prefix}mutt:qtest:${run}:${tag}:${n++}` };
}

export async function openQueueHarness(): Promise<QueueHarness> {
  const t = await createTestBackends();
  return harness(t.backends, t.backends.keys.prefix, () => t.cleanup());
}

/** Polls `check` until it returns true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
