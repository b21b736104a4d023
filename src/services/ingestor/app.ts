// The ingestor's fastify app: hooks (version headers, auth before routing, rate limit), the raw-body parser,
// and an error handler that turns every failure into a 4xx/503 JSON body — nothing the client sends yields a 500.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ServiceContext } from '../runtime/service-contract.js';
import { MuttError } from '../../core/errors.js';
import { createApiKeyChecker, type ApiKeyChecker } from './auth.js';
import { staticSettings, startDynamicSettings, type IngestSettings } from './dynamic-settings.js';
import { failure, type IngestFailure } from './ingest-failure.js';
import { createIngestMetrics, type IngestMetrics } from './metrics.js';
import { createLogThrottle } from './log-throttle.js';
import { sendFailure } from './replies.js';
import { createIngestHandler, headerCorrelationId } from './routes.js';
import { registerInfoRoutes, versionHeaders } from './info-routes.js';
import { createRateLimitHook } from './rate-limit-hook.js';
import { HTTP_TIMEOUT_CHECK_MS } from '../../observability/http-server.js';
import { registerConfigReadMetric } from '../../observability/config-read-metric.js';

export const INGEST_PATHS = ['/ingest', '/api/v2/ingest', '/api/v1/ingest'] as const;
const INGEST_SET = new Set<string>(INGEST_PATHS);
const PUBLIC_PATHS = new Set(['/health', '/metrics', '/']);

declare module 'fastify' {
  interface FastifyRequest {
    muttStart: number;
  }
}

export interface IngestorApp {
  readonly app: FastifyInstance;
  readonly metrics: IngestMetrics;
  readonly apiKeys: ApiKeyChecker;
  /** Stops timers and config watchers (the app itself is closed by the caller). */
  dispose(): void;
}

export interface BuildOptions {
  /** Node's limit for all request headers; larger gets 431. */
  readonly maxHeaderBytes?: number;
  /** Shared metrics (the main and metrics listeners serve the same registry). */
  readonly metrics?: IngestMetrics;
}

function mapFastifyError(err: FastifyError, maxBody: number): IngestFailure {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return failure(
        'MUTT_INGEST_BODY_TOO_LARGE',
        'validation',
        `Payload Too Large: body exceeds INGEST_MAX_BODY_BYTES (${maxBody})`,
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return failure('MUTT_INGEST_BAD_REQUEST', 'validation', 'Request body size did not match Content-Length');
    default:
      break;
  }
  const status = err.statusCode ?? 0;
  if (status === 413) return failure('MUTT_INGEST_BODY_TOO_LARGE', 'validation', 'Payload Too Large');
  if (status === 431) return failure('MUTT_HEADER_TOO_LARGE', 'validation');
  if (status >= 400 && status < 500)
    return failure('MUTT_INGEST_BAD_REQUEST', 'validation', `Bad request: ${err.message}`, status);
  return failure('MUTT_INGEST_UNEXPECTED', 'unknown');
}

export async function buildIngestorApp(ctx: ServiceContext, opts: BuildOptions = {}): Promise<IngestorApp> {
  const { config, backends, logger } = ctx;
  if (!config.ingestApiKey)
    throw new MuttError(
      'MUTT_SECRET_MISSING',
      'Required secret INGEST_API_KEY not found (set INGEST_API_KEY, INGEST_API_KEY_FILE or Vault)',
    );
  const apiKeys = createApiKeyChecker([config.ingestApiKey, config.ingestApiKeyNext]);
  // Rotation (SIGHUP, Vault re-read): the reloaded values are the truth, so a removed _NEXT key stops working.
  const stopFollowingKeys = ctx.secrets.onChange(({ changed, values }) => {
    if (values.INGEST_API_KEY === undefined || !changed.some((n) => n === 'INGEST_API_KEY' || n === 'INGEST_API_KEY_NEXT'))
      return;
    apiKeys.setKeys([values.INGEST_API_KEY, values.INGEST_API_KEY_NEXT]);
    logger.info('Ingest API keys rotated');
  });
  const metrics = opts.metrics ?? createIngestMetrics();
  metrics.setDepthRefresher(() => backends.queues.depth(backends.keys.ingestQueue));
  registerConfigReadMetric(metrics.registry, backends.configStore);
  const throttle = createLogThrottle(logger);
  const settings: IngestSettings = config.dynamicConfigEnabled
    ? await startDynamicSettings(config, backends.configStore)
    : staticSettings(config);

  const app = Fastify({
    logger: false,
    bodyLimit: config.ingestMaxBodyBytes,
    routerOptions: { ignoreDuplicateSlashes: true },
    return503OnClosing: true,
    // A client that trickles its request must not hold a socket and a parser forever.
    requestTimeout: config.httpRequestTimeoutMs,
    // Node answers 431 itself when the header block exceeds this; clientErrorHandler makes it JSON.
    http: { maxHeaderSize: opts.maxHeaderBytes ?? 16_384, connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_MS },
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (socket.destroyed || !socket.writable) return;
      const overflow = err.code === 'HPE_HEADER_OVERFLOW';
      const f = overflow ? failure('MUTT_HEADER_TOO_LARGE', 'validation') : failure('MUTT_INGEST_BAD_REQUEST', 'validation');
      const body = JSON.stringify({ status: 'error', message: f.message, error: { code: f.code, message: f.message } });
      socket.end(
        `HTTP/1.1 ${overflow ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  app.decorateRequest('muttStart', 0);
  app.removeAllContentTypeParsers();
  // Content-Type is not required to be JSON (docs/decisions.md D2): every body arrives as raw bytes.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.ingestMaxBodyBytes }, (_req, body, done) =>
    done(null, body),
  );

  // Callback-style (not async) hooks: no promise per request on the hot path.
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const path = req.routeOptions.url;
    reply.headers(versionHeaders(path));
    if (path !== undefined && PUBLIC_PATHS.has(path)) return done();
    if (!apiKeys.check(req.headers['x-api-key'])) {
      metrics.fail('auth');
      const xff = req.headers['x-forwarded-for'];
      throttle.warn(
        'auth',
        `Authentication failed from ${req.socket.remoteAddress ?? 'unknown'}${xff ? ` (X-Forwarded-For ${String(xff).split(',')[0]})` : ''}`,
        {
          status: 'fail',
          reason: 'auth',
        },
      );
      const missing = req.headers['x-api-key'] === undefined || req.headers['x-api-key'] === '';
      const f = missing
        ? failure('MUTT_AUTH_MISSING_KEY', 'auth', 'Unauthorized: missing X-API-KEY header')
        : failure('MUTT_AUTH_INVALID_KEY', 'auth', 'Unauthorized: invalid X-API-KEY');
      // A sent reply ends the request; done() is not called, as fastify expects of callback hooks that reply.
      sendFailure(reply, f, headerCorrelationId(req) ?? randomUUID());
      return;
    }
    req.muttStart = performance.now();
    done();
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const f = mapFastifyError(err, config.ingestMaxBodyBytes);
    const ingestRoute = req.routeOptions.url !== undefined && INGEST_SET.has(req.routeOptions.url);
    if (ingestRoute) metrics.fail(f.reason);
    if (f.reason === 'unknown')
      throttle.error('unknown', `Unexpected ingest error: ${err.message}`, {
        status: 'fail',
        reason: 'unknown',
        stack: err.stack,
      });
    else throttle.warn(f.reason, `Ingest rejected (${f.reason}): ${f.message}`, { status: 'fail', reason: f.reason });
    if (f.status === 413 || f.code === 'MUTT_INGEST_BAD_REQUEST') reply.header('connection', 'close');
    return sendFailure(reply, f, headerCorrelationId(req) ?? randomUUID());
  });

  app.setNotFoundHandler((req, reply) =>
    sendFailure(
      reply,
      failure('MUTT_NOT_FOUND', 'validation', `Not Found: ${req.method} ${req.url.split('?')[0]?.slice(0, 200)}`),
      headerCorrelationId(req) ?? randomUUID(),
    ),
  );

  const ingest = createIngestHandler({
    config,
    logger,
    queue: backends.keys.ingestQueue,
    counters: backends.eventCounters,
    metrics,
    settings,
    throttle,
  });
  const rateLimit = createRateLimitHook({ config, backends, metrics, settings, throttle });
  const observeLatency = (req: FastifyRequest, _reply: FastifyReply, done: () => void): void => {
    if (req.muttStart > 0) metrics.latency((performance.now() - req.muttStart) / 1000);
    done();
  };
  for (const url of INGEST_PATHS) {
    // No limiter hook at all when disabled: one async hook less per request.
    app.route({
      method: 'POST',
      url,
      ...(config.ingestRateLimitEnabled ? { onRequest: rateLimit } : {}),
      onResponse: observeLatency,
      handler: ingest,
    });
    app.route({
      method: ['GET', 'PUT', 'DELETE', 'PATCH'],
      url,
      handler: (req, reply) =>
        sendFailure(
          reply,
          failure('MUTT_METHOD_NOT_ALLOWED', 'validation', `Method Not Allowed: use POST ${url}`),
          headerCorrelationId(req) ?? randomUUID(),
        ),
    });
  }
  registerInfoRoutes(app, ctx, metrics);

  return {
    app,
    metrics,
    apiKeys,
    dispose: () => {
      stopFollowingKeys();
      settings.stop();
    },
  };
}
