// Opens the coordination back ends for the active test profile through createTestBackends(). While the
// composition root cannot load yet (parallel work in progress), the embedded profile falls back to wiring
// PGlite directly so the queue contract can still run.
import { randomBytes } from 'node:crypto';
import { createEmbeddedBackends } from '../../../src/adapters/embedded/index.js';
import { openPglite, MEMORY_DATA_DIR } from '../../../src/adapters/sql/pglite-client.js';
import { loadConfig } from '../../../src/config/load.js';
import { createKeys } from '../../../src/core/keys.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { CoordinationBackends } from '../../../src/ports/backends.js';

export const profileUnderTest = process.env.MUTT_TEST_PROFILE === 'redis-postgres' ? 'redis-postgres' : 'embedded';

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

function isMissingModule(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { code?: unknown }).code)}` : String(err);
  return /Cannot find module|Failed to load url|ERR_MODULE_NOT_FOUND|Does the file exist/i.test(text);
}

export async function openQueueHarness(): Promise<QueueHarness> {
  try {
    const { createTestBackends } = await import('../../helpers/backends.js');
    const t = await createTestBackends();
    return harness(t.backends, t.backends.keys.prefix, () => t.cleanup());
  } catch (err) {
    if (profileUnderTest !== 'embedded' || !isMissingModule(err)) throw err;
  }
  const { client, db } = await openPglite(MEMORY_DATA_DIR, silentLogger());
  const backends = await createEmbeddedBackends(db, client, createKeys(), loadConfig({}), silentLogger());
  return harness(backends, '', async () => {
    await backends.close();
    await client.close();
  });
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
