// Shared set-up for the ingestor integration tests: isolated back ends + the app, driven through inject().
import { staticSecrets } from '../../../src/app/static-secrets.js';
import { randomUUID } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { buildIngestorApp, type IngestorApp } from '../../../src/services/ingestor/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';

export const KEY = 'test-ingest-key-current';
export const NEXT_KEY = 'test-ingest-key-next';

export interface Harness {
  readonly tb: TestBackends;
  readonly ctx: ServiceContext;
  readonly ingestor: IngestorApp;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const tb = await createTestBackends({
    INGEST_API_KEY: KEY,
    INGEST_API_KEY_NEXT: NEXT_KEY,
    INGEST_RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const ctx: ServiceContext = {
    config: tb.config,
    backends: tb.backends,
    logger: silentLogger(),
    podName: 'test-ingestor',
    instanceId: randomUUID(),
    secrets: staticSecrets(tb.config),
  };
  const ingestor = await buildIngestorApp(ctx);
  return {
    tb,
    ctx,
    ingestor,
    close: async () => {
      await ingestor.app.close();
      ingestor.dispose();
      await tb.cleanup();
    },
  };
}

export async function requestCount(h: Harness, status: string, reason: string): Promise<number> {
  const c = h.ingestor.metrics.registry.getSingleMetric('mutt_ingest_requests_total') as Counter | undefined;
  const data = await c?.get();
  return data?.values.find((v) => v.labels.status === status && v.labels.reason === reason)?.value ?? 0;
}

export async function queued(h: Harness): Promise<Record<string, unknown>[]> {
  const q = h.tb.backends.keys.ingestQueue;
  const items = await h.tb.backends.queues.range(q, 0, -1);
  // range() is newest first; return oldest first (consumption order).
  return items.reverse().map((s) => JSON.parse(s) as Record<string, unknown>);
}
