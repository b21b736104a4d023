// Shared setup for the webui API tests: isolated back ends for the active profile and an inject()-ready app.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { resolveSecrets } from '../../../src/app/secrets.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { buildWebuiApp, type WebuiOptions } from '../../../src/services/webui/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import { ruleDryRunWorkerTs } from '../../helpers/ts-worker.js';

export const API_KEY = 'webui-test-key-0123456789';
export const NEXT_KEY = 'webui-next-key-9876543210';

export interface WebuiHarness {
  readonly app: FastifyInstance;
  readonly tb: TestBackends;
  readonly ctx: ServiceContext;
  /** Authenticated request (X-API-KEY) unless headers say otherwise. */
  call(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startHarness(opts: WebuiOptions = {}, env: Record<string, string> = {}): Promise<WebuiHarness> {
  const tb = await createTestBackends({ WEBUI_API_KEY: API_KEY, WEBUI_API_KEY_NEXT: NEXT_KEY, ...env });
  const secrets = await resolveSecrets(tb.config, silentLogger());
  const ctx: ServiceContext = {
    config: tb.config,
    backends: tb.backends,
    logger: silentLogger(),
    podName: 'test-webui',
    instanceId: randomUUID(),
    secrets,
  };
  const app = await buildWebuiApp(ctx, { healthTargets: [], ruleDryRunWorker: ruleDryRunWorkerTs, ...opts });
  return {
    app,
    tb,
    ctx,
    call: (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { 'x-api-key': API_KEY, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    async close() {
      await app.close();
      await tb.cleanup();
    },
  };
}

/** Polls `check` until it returns true or the deadline passes (no fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 2000, stepMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const sampleRule = {
  rule_name: 'cpu_high',
  pattern: 'CPU utilization',
  match_type: 'contains',
  priority: 10,
  prod_handling: 'Page_and_ticket',
  dev_handling: 'Ignore',
  team_assignment: 'NetOps',
};
