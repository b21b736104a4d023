// The small health + metrics listener every worker service runs on its two ports. Both paths answer on both ports,
// so a probe or scrape aimed at either port works.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

export interface HealthReport {
  readonly healthy: boolean;
  readonly body: Record<string, unknown>;
}

export type HealthCheck = () => Promise<HealthReport>;

/** Adds GET /health and GET /metrics to an app. Both are public. */
export function addObservabilityRoutes(app: FastifyInstance, registry: Registry, health: HealthCheck): void {
  app.get('/health', async (_req, reply) => {
    const report = await health().catch((err: unknown) => ({
      healthy: false,
      body: { status: 'unhealthy', error: String(err) },
    }));
    return reply.code(report.healthy ? 200 : 503).send(report.body);
  });
  app.get('/metrics', async (_req, reply) => {
    const text = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(text);
  });
}

const OBSERVABILITY_REQUEST_TIMEOUT_MS = 10_000;
/** Node checks request timeouts only every connectionsCheckingInterval (30 s by default): 1 s keeps them punctual. */
export const HTTP_TIMEOUT_CHECK_MS = 1_000;

export interface ListenOptions {
  host: string;
  port: number;
  /** A primary port failing to bind is fatal; a secondary one is a WARNING (docs/decisions.md D14). */
  primary: boolean;
  logger: Logger;
}

/** Returns the app when listening, or null when a secondary port could not bind. */
export async function listenOrWarn(app: FastifyInstance, opts: ListenOptions): Promise<FastifyInstance | null> {
  try {
    await app.listen({ host: opts.host, port: opts.port });
    return app;
  } catch (err) {
    if (opts.primary) throw err;
    opts.logger.warning(`Could not bind metrics port ${opts.port}: ${(err as Error).message}; continuing without it`);
    await app.close().catch(() => undefined);
    return null;
  }
}

/** Starts a bare listener that serves only /health and /metrics. */
export async function startObservabilityServer(
  registry: Registry,
  health: HealthCheck,
  opts: ListenOptions,
): Promise<FastifyInstance | null> {
  // /health and /metrics requests are a few hundred bytes: a client still sending after this is stuck or hostile.
  const app = Fastify({
    logger: false,
    requestTimeout: OBSERVABILITY_REQUEST_TIMEOUT_MS,
    http: { connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_MS },
  });
  addObservabilityRoutes(app, registry, health);
  return listenOrWarn(app, opts);
}
