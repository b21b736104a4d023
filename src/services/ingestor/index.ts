// `mutt ingestor`: the HTTP front door on INGESTOR_PORT (all routes) and INGESTOR_METRICS_PORT (/health, /metrics).
import Fastify, { type FastifyInstance } from 'fastify';
import type { RunningService, ServiceContext, StartService } from '../runtime/service-contract.js';
import { listenOrWarn } from '../../observability/http-server.js';
import { buildIngestorApp } from './app.js';
import { addHealthAndMetrics, versionHeaders } from './info-routes.js';

export { buildIngestorApp, type IngestorApp, INGEST_PATHS } from './app.js';

/** Graceful stop waits this long for in-flight requests before cutting connections (Python MUTT's Gunicorn timeout). */
const STOP_GRACE_MS = 10_000;

export interface IngestorService extends RunningService {
  /** Secret rotation: swap the accepted API keys in place. */
  setApiKeys(current: string | undefined, next: string | undefined): void;
  /** Bound addresses (port 0 in tests picks a free one). */
  readonly mainPort: number;
  readonly metricsPort: number | null;
}

function boundPort(app: FastifyInstance): number {
  const addr = app.server.address();
  return typeof addr === 'object' && addr !== null ? addr.port : 0;
}

async function closeWithin(app: FastifyInstance, ms: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), ms);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

export async function startIngestorService(ctx: ServiceContext): Promise<IngestorService> {
  const { config, logger } = ctx;
  if (config.requiredFields.length === 0)
    logger.warning('REQUIRED_MESSAGE_FIELDS is empty: every event will pass the required-field check');
  const built = await buildIngestorApp(ctx);
  await built.app.listen({ host: config.ingestorHost, port: config.ingestorPort });
  const mainPort = boundPort(built.app);

  let metricsApp: FastifyInstance | null = null;
  const mPort = config.ingestorMetricsPort;
  if (mPort === config.ingestorPort && mPort !== 0) {
    logger.warning(`INGESTOR_METRICS_PORT equals INGESTOR_PORT (${mPort}); /metrics is served on the main port only`);
  } else {
    const m = Fastify({ logger: false });
    m.addHook('onRequest', async (_req, reply) => {
      reply.headers(versionHeaders(undefined));
    });
    addHealthAndMetrics(m, ctx, built.metrics);
    metricsApp = await listenOrWarn(m, { host: config.ingestorHost, port: mPort, primary: false, logger });
  }
  const metricsPort = metricsApp === null ? null : boundPort(metricsApp);
  logger.info(
    `Ingestor listening on ${config.ingestorHost}:${mainPort}${metricsPort === null ? '' : `, metrics on ${metricsPort}`} (profile ${ctx.backends.profile})`,
  );

  return {
    name: 'ingestor',
    mainPort,
    metricsPort,
    setApiKeys: (current, next) => built.apiKeys.setKeys([current, next]),
    async stop() {
      await Promise.all([
        closeWithin(built.app, STOP_GRACE_MS),
        metricsApp ? closeWithin(metricsApp, STOP_GRACE_MS) : Promise.resolve(),
      ]);
      built.dispose();
      logger.info('Graceful shutdown complete');
    },
  };
}

export const startIngestor: StartService = startIngestorService;
