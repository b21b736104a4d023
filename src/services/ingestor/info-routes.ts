// Public routes (/health, /metrics, /) and the authenticated /admin/config, plus the version headers.
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../runtime/service-contract.js';
import { publicConfig } from '../../config/public-config.js';
import type { IngestMetrics } from './metrics.js';
import { JSON_TYPE, sendJson } from './replies.js';

const COMMON = { 'x-api-version': 'v2.5', 'x-api-supported-versions': 'v2.5, v2.0, v1.0' };
const V1 = { ...COMMON, 'x-api-deprecated': 'true', 'x-api-sunset': '2026-01-01' };
const OTHER = { ...COMMON, 'x-api-deprecated': 'false' };

export function versionHeaders(routePath: string | undefined): Record<string, string> {
  return routePath !== undefined && routePath.startsWith('/api/v1/') ? V1 : OTHER;
}

const HEALTH_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), HEALTH_TIMEOUT_MS);
  });
  return Promise.race([p.catch(() => fallback), t]).finally(() => clearTimeout(timer));
}

export interface HealthBody {
  readonly healthy: boolean;
  readonly body: Record<string, unknown>;
}

/** 503 only when the queue back end is down: the ingestor never touches the database. */
export async function ingestorHealth(ctx: ServiceContext): Promise<HealthBody> {
  const b = ctx.backends;
  const [queueOk, dbOk] = await Promise.all([withTimeout(b.queueHealthy(), false), withTimeout(b.storeHealthy(), false)]);
  const depth = queueOk ? await withTimeout(b.queues.depth(b.keys.ingestQueue), -1) : -1;
  const body: Record<string, unknown> = {
    status: queueOk ? 'healthy' : 'unhealthy',
    service: 'mutt-ingestor',
    version: '2.5',
    profile: b.profile,
    queue: queueOk ? 'connected' : 'disconnected',
    database: dbOk ? 'connected' : 'disconnected',
  };
  if (b.profile === 'redis-postgres') body.redis = queueOk ? 'connected' : 'disconnected';
  if (depth >= 0) body.queue_depth = depth;
  if (!queueOk) body.error = 'queue back end unavailable';
  return { healthy: queueOk, body };
}

export function addHealthAndMetrics(app: FastifyInstance, ctx: ServiceContext, metrics: IngestMetrics): void {
  app.get('/health', async (_req, reply) => {
    const h = await ingestorHealth(ctx);
    if (!h.healthy) ctx.logger.error(`Health check failed: ${String(h.body.error)}`);
    return sendJson(reply, h.healthy ? 200 : 503, h.body);
  });
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });
}

const ADMIN_SECTIONS: ReadonlySet<string> = new Set(['ingestor', 'general', 'logging']);

export function registerInfoRoutes(app: FastifyInstance, ctx: ServiceContext, metrics: IngestMetrics): void {
  addHealthAndMetrics(app, ctx, metrics);
  const info = JSON.stringify({
    service: 'MUTT Ingestor Service',
    version: '2.5',
    description: 'Event ingestion service for syslog and SNMP traps',
    endpoints: {
      ingest: 'POST /ingest (requires X-API-KEY header)',
      ingest_v2: 'POST /api/v2/ingest',
      ingest_v1: 'POST /api/v1/ingest (deprecated)',
      health: 'GET /health',
      metrics: 'GET /metrics',
      info: 'GET /',
    },
  });
  app.get('/', async (_req, reply) => reply.header('content-type', JSON_TYPE).send(info));
  app.get('/admin/config', async (_req, reply) => {
    let dynamic: Record<string, string> = {};
    try {
      dynamic = await ctx.backends.configStore.getAll();
    } catch (err) {
      ctx.logger.warning(`Could not read dynamic config: ${(err as Error).message}`);
    }
    return sendJson(reply, 200, {
      dynamic_config_enabled: ctx.config.dynamicConfigEnabled,
      static: publicConfig(ctx.config, (d) => ADMIN_SECTIONS.has(d.section)),
      dynamic,
    });
  });
}
