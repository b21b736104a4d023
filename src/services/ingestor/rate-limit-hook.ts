// Global ingest rate limit (one slot per request, after auth, before the body is read). Limiter errors fail open.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import type { Backends } from '../../ports/backends.js';
import type { IngestSettings } from './dynamic-settings.js';
import { failure } from './ingest-failure.js';
import type { IngestMetrics } from './metrics.js';
import type { LogThrottle } from './log-throttle.js';
import { sendFailure } from './replies.js';
import { headerCorrelationId } from './routes.js';

export interface RateLimitDeps {
  readonly config: Config;
  readonly backends: Pick<Backends, 'rateLimiter' | 'keys'>;
  readonly metrics: IngestMetrics;
  readonly settings: IngestSettings;
  readonly throttle: LogThrottle;
}

export function createRateLimitHook(
  deps: RateLimitDeps,
): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const { config, metrics, settings, throttle } = deps;
  const enabled = config.ingestRateLimitEnabled;
  // The key is configured by its logical name; the key module's prefix isolates test runs.
  const key = `${deps.backends.keys.prefix}${config.ingestRateLimitKey}`;
  const status = Number(config.ingestRateLimitStatus);
  return async function rateLimit(req, reply) {
    if (!enabled) return undefined;
    const limits = settings.current();
    let allowed = true;
    try {
      allowed = (await deps.backends.rateLimiter.acquire(key, limits.maxRate, limits.rateWindowSeconds * 1000)).allowed;
    } catch (err) {
      throttle.warn('rate_limiter_error', `Rate limiter error: ${(err as Error).message}; allowing request`);
      return undefined;
    }
    if (allowed) return undefined;
    metrics.fail('rate_limit');
    metrics.rateLimitHit();
    const cid = headerCorrelationId(req) ?? randomUUID();
    throttle.warn('rate_limit', 'Rate limit exceeded', { status: 'fail', reason: 'rate_limit', correlation_id: cid });
    const retryAfter = limits.rateWindowSeconds;
    reply.header('retry-after', String(retryAfter));
    return sendFailure(
      reply,
      failure('MUTT_INGEST_RATE_LIMITED', 'rate_limit', 'Too Many Requests - rate limit exceeded', status),
      cid,
      {
        retry_after: retryAfter,
      },
    );
  };
}
