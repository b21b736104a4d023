// Builds the webui Fastify app: hooks (correlation id, version headers, auth, request log), error mapping,
// public endpoints, the API route families and the static dashboard.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ServiceContext } from '../runtime/service-contract.js';
import { isValidCorrelationId } from '../../core/correlation.js';
import { MuttError } from '../../core/errors.js';
import { createRegistry } from '../../observability/metrics.js';
import { registerDbPoolGauge } from '../../observability/db-pool-metric.js';
import { ApiRouter, routeMeta } from './api-route.js';
import { keyFingerprint, presentedKey, RotatingKeyChecker } from './auth.js';
import type { WebuiDeps, WebuiOptions } from './deps.js';
import { sendError } from './http-errors.js';
import { buildOpenApi } from './openapi.js';
import { MAX_PATH_PARAM_LENGTH } from './schemas.js';
import { rejectNul } from './nul-guard.js';
import { registerAuditRoutes } from './routes-audit.js';
import { registerConfigRoutes } from './routes-config.js';
import { registerDlqRoutes } from './routes-dlq.js';
import { registerHostRoutes } from './routes-hosts.js';
import { registerOverviewRoutes } from './routes-overview.js';
import { registerRuleTestRoute } from './routes-rule-test.js';
import { registerRuleRoutes } from './routes-rules.js';
import { registerSloRoutes } from './routes-slo.js';
import { registerTeamRoutes } from './routes-teams.js';
import { registerStaticAssets } from './static-assets.js';
import { applyVersionHeaders, VERSION_INFO } from './versioning.js';
import { createWebuiMetrics, outcomeOf } from './webui-metrics.js';
import { HTTP_TIMEOUT_CHECK_MS } from '../../observability/http-server.js';

declare module 'fastify' {
  interface FastifyRequest {
    webuiCorrelationId: string;
    webuiChangedBy: string;
    webuiStarted: bigint;
  }
}

function isPublic(req: FastifyRequest): boolean {
  const cfg = req.routeOptions.config as { webuiPublic?: boolean } | undefined;
  return cfg?.webuiPublic === true || routeMeta(req)?.public === true;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

function validationMessage(req: FastifyRequest, err: FastifyError): { message: string; extra: Record<string, unknown> } {
  const v = err.validation ?? [];
  const missing = v
    .filter((e) => e.keyword === 'required')
    .map((e) => String((e.params as { missingProperty?: string }).missingProperty));
  if (missing.length > 0) {
    const custom = routeMeta(req)?.requiredMessage;
    return { message: custom ?? `Missing required fields: ${missing.join(', ')}`, extra: { missing } };
  }
  if (err.validationContext === 'body' && v.some((e) => e.instancePath === '' && e.keyword === 'type')) {
    return { message: 'Request body must be a JSON object', extra: {} };
  }
  const first = v[0];
  const field = first
    ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') ||
      String((first.params as { missingProperty?: string }).missingProperty ?? '')
    : '';
  return {
    message: `${err.validationContext ?? 'request'}${field ? `.${field}` : ''} ${first?.message ?? 'is invalid'}`,
    extra: { field: field || null },
  };
}

export async function buildWebuiApp(ctx: ServiceContext, opts: WebuiOptions = {}): Promise<FastifyInstance> {
  const { config, logger, backends } = ctx;
  const registry = createRegistry('webui');
  const metrics = createWebuiMetrics(registry);
  registerDbPoolGauge(registry, 'mutt-webui', backends.sql, config.dbPoolMax);
  const deps: WebuiDeps = { ctx, metrics, opts };
  // Once the secret source holds the key it is the truth, so a _NEXT key removed by a rotation stops working.
  const keys = new RotatingKeyChecker(() => {
    const current = ctx.secrets.get('WEBUI_API_KEY');
    return current !== undefined
      ? [current, ctx.secrets.get('WEBUI_API_KEY_NEXT')]
      : [config.webuiApiKey, config.webuiApiKeyNext];
  });
  const stopFollowingKeys = ctx.secrets.onChange(() => keys.refresh());
  if (!keys.configured) logger.warning('No WEBUI_API_KEY configured: every protected API route will answer 401');

  const app = Fastify({
    logger: false,
    bodyLimit: config.webuiBodyLimit,
    requestTimeout: config.httpRequestTimeoutMs,
    http: { connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_MS },
    // The router's default (100) made a hostname of 101-255 characters creatable but not deletable (414).
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    ajv: { customOptions: { coerceTypes: false, allErrors: true, removeAdditional: false, allowUnionTypes: true } },
  });
  app.decorateRequest('webuiCorrelationId', '');
  app.decorateRequest('webuiChangedBy', '');
  app.decorateRequest('webuiStarted', 0n);

  app.addHook('onRoute', (route) => {
    const cfg = route.config as { webuiPublic?: boolean; webui?: { public?: boolean } } | undefined;
    opts.onRoute?.({ method: route.method, url: route.url, isPublic: cfg?.webuiPublic === true || cfg?.webui?.public === true });
  });

  // Any content type: the body is JSON or it is a 400 (Python MUTT answered 415/500).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new MuttError('MUTT_WEBUI_BAD_BODY'), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    req.webuiStarted = process.hrtime.bigint();
    const header = req.headers['x-correlation-id'];
    req.webuiCorrelationId = isValidCorrelationId(header) ? header : randomUUID();
    reply.header('X-Correlation-ID', req.webuiCorrelationId);
    if (req.url.startsWith('/api/') || req.url.startsWith('/health')) applyVersionHeaders(req, reply);
    if (!req.routeOptions.url || isPublic(req)) return;
    const presented = presentedKey(req.headers, req.query);
    if (!keys.check(presented)) {
      metrics.authFailures.inc();
      logger.warning(`Unauthorized request from ${req.ip} to ${req.method} ${req.url.split('?')[0]}`, {
        correlation_id: req.webuiCorrelationId,
      });
      return sendError(reply, 'MUTT_WEBUI_UNAUTHORIZED');
    }
    req.webuiChangedBy = keyFingerprint(presented);
  });

  app.addHook('preValidation', rejectNul);

  app.addHook('onResponse', async (req, reply) => {
    const ms = Number((process.hrtime.bigint() - req.webuiStarted) / 1_000_000n);
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, ms / 1000);
    const meta = routeMeta(req);
    if (meta && meta.endpoint !== 'metrics') {
      metrics.apiRequests.inc({ endpoint: meta.endpoint, status: outcomeOf(reply.statusCode) });
      metrics.apiLatency.observe({ endpoint: meta.endpoint }, ms / 1000);
    }
    const path = req.url.split('?')[0] ?? req.url;
    const line = `${req.method} ${path} ${reply.statusCode} ${ms}ms`;
    const fields = {
      method: req.method,
      path,
      status: reply.statusCode,
      duration_ms: ms,
      correlation_id: req.webuiCorrelationId,
    };
    if (path.startsWith('/static/') || path === '/metrics' || path === '/health') logger.debug(line, fields);
    else logger.info(line, fields);
  });

  app.setErrorHandler((err: FastifyError | MuttError, req, reply) => {
    if (err instanceof MuttError) {
      // A 4xx message and details name the caller's mistake; a 5xx one may describe internals, so it is only logged.
      if (err.status < 500) return sendError(reply, err.code, err.message, err.details);
      logger.error(`${err.code} on ${req.method} ${req.url.split('?')[0]}: ${err.message}`, {
        correlation_id: req.webuiCorrelationId,
      });
      return sendError(reply, err.code);
    }
    if (err.validation) {
      const { message, extra } = validationMessage(req, err);
      return sendError(reply, 'MUTT_VALIDATION', message, extra);
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'MUTT_WEBUI_BODY_TOO_LARGE');
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      return sendError(reply, 'MUTT_WEBUI_BAD_BODY', err.message);
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '23505') return sendError(reply, 'MUTT_CONFLICT', 'A record with the same unique value already exists');
    if (pgCode === '23503') return sendError(reply, 'MUTT_WEBUI_RULE_IN_USE');
    logger.error(`Unhandled error on ${req.method} ${req.url.split('?')[0]}: ${err.message}`, {
      correlation_id: req.webuiCorrelationId,
    });
    return sendError(reply, 'MUTT_INTERNAL', 'Internal server error');
  });

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => sendError(reply, 'MUTT_NOT_FOUND', 'Not found'));

  app.get('/health', { config: { webuiPublic: true } }, async (_req, reply) => {
    const [queueOk, dbOk] = await Promise.all([
      withTimeout(backends.queueHealthy(), 2000).catch(() => false),
      withTimeout(backends.storeHealthy(), 2000).catch(() => false),
    ]);
    const body: Record<string, unknown> = {
      status: queueOk && dbOk ? 'healthy' : 'unhealthy',
      service: 'mutt-webui',
      version: '2.5',
      profile: backends.profile,
      redis: queueOk ? 'connected' : 'disconnected',
      database: dbOk ? 'connected' : 'disconnected',
    };
    if (!queueOk || !dbOk) body.error = !queueOk ? 'queue back end unreachable' : 'database unreachable';
    return reply.code(queueOk && dbOk ? 200 : 503).send(body);
  });

  app.get('/metrics', { config: { webuiPublic: true } }, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(text);
  });

  const api = new ApiRouter(app);
  api.route(
    'GET',
    '/version',
    { endpoint: 'version', tag: 'meta', summary: 'API versions (public)', public: true },
    {},
    async () => VERSION_INFO,
  );
  registerRuleTestRoute(api, deps);
  registerRuleRoutes(api, deps);
  registerHostRoutes(api, deps);
  registerTeamRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerConfigRoutes(api, deps);
  registerSloRoutes(api, deps);
  registerOverviewRoutes(api, deps);
  registerDlqRoutes(api, deps);
  api.route('GET', '/openapi.json', { endpoint: 'openapi', tag: 'meta', summary: 'This document' }, {}, async () =>
    buildOpenApi(api.documented, config.serviceVersion),
  );
  registerStaticAssets(app);
  app.addHook('onClose', async () => stopFollowingKeys());
  await app.ready();
  return app;
}
