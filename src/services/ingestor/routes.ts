// The ingest handler: decode → parse → validate each event → one counted, bounded push → reply.
// One back-end round trip per request; each event is serialised exactly once.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/load.js';
import { isValidCorrelationId } from '../../core/correlation.js';
import type { Logger } from '../../observability/logger.js';
import type { EventCounters } from '../../ports/event-counters.js';
import { parseIngestBody } from './body-parser.js';
import { decodeBody } from './decode-body.js';
import type { IngestSettings } from './dynamic-settings.js';
import { failure, type FailReason, type IngestFailure } from './ingest-failure.js';
import type { IngestMetrics } from './metrics.js';
import { sendFailure, sendJson, sendQueued } from './replies.js';
import type { LogThrottle } from './log-throttle.js';
import { validateEvent, type EventContext } from './validate-event.js';

export interface IngestDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly queue: string;
  readonly counters: EventCounters;
  readonly metrics: IngestMetrics;
  readonly settings: IngestSettings;
  readonly throttle: LogThrottle;
}

/** Seconds a client should wait after a full queue or a back-end error. */
export const BACKOFF_RETRY_AFTER = 5;

interface ElementError {
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

export function headerCorrelationId(req: FastifyRequest): string | undefined {
  const h = req.headers['x-correlation-id'];
  return isValidCorrelationId(h) ? h : undefined;
}

function isLoopback(addr: string): boolean {
  return addr.startsWith('127.') || addr === '::1' || addr.startsWith('::ffff:127.');
}

/** The first X-Forwarded-For hop when the peer is loopback, else the peer (docs/decisions.md D2). */
export function clientAddress(req: FastifyRequest): string {
  const peer = req.socket.remoteAddress ?? '';
  if (isLoopback(peer)) {
    const xff = req.headers['x-forwarded-for'];
    const first = (typeof xff === 'string' ? xff : xff?.[0])?.split(',')[0]?.trim();
    if (first) return first.slice(0, 255);
  }
  return peer.startsWith('::ffff:') ? peer.slice(7) : peer;
}

export function createIngestHandler(deps: IngestDeps): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const { config, logger, metrics, throttle } = deps;
  const maxBody = config.ingestMaxBodyBytes;
  const maxBatch = config.ingestMaxBatchSize;
  const maxDepth = config.ingestMaxJsonDepth;
  const requiredFields = config.requiredFields;
  const eventLines = config.logEventLines;

  function refuse(reply: FastifyReply, f: IngestFailure, cid: string, n = 1, extra?: Record<string, unknown>): FastifyReply {
    metrics.fail(f.reason, n);
    throttle.warn(f.reason, `Ingest rejected (${f.reason}): ${f.message}`, {
      status: 'fail',
      reason: f.reason,
      correlation_id: cid,
    });
    return sendFailure(reply, f, cid, extra);
  }

  return async function ingest(req, reply) {
    const headerCid = headerCorrelationId(req);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const dec = decodeBody(body, req.headers['content-encoding'], maxBody);
    const decoded = dec instanceof Promise ? await dec : dec;
    if (!decoded.ok) return refuse(reply, decoded.failure, headerCid ?? randomUUID());
    const parsed = parseIngestBody(decoded.text, maxBatch, maxDepth);
    if (parsed.kind === 'error') return refuse(reply, parsed.failure, headerCid ?? randomUUID());

    const receivedAt = new Date();
    const evCtx: EventContext = {
      requiredFields,
      clientAddress: clientAddress(req),
      receivedAt: receivedAt.toISOString(),
      headerCorrelationId: parsed.kind === 'single' ? headerCid : undefined,
    };
    const messages: string[] = [];
    let cid: string;
    let errors: ElementError[] | undefined;
    let rejectedBy: Map<FailReason, number> | undefined;
    let dropped = 0;

    if (parsed.kind === 'single') {
      const out = validateEvent(parsed.value, evCtx);
      dropped = out.droppedInternal;
      if (dropped > 0) metrics.droppedInternalFields(dropped);
      if (!out.ok) {
        const own = parsed.value.correlation_id;
        return refuse(reply, out.failure, isValidCorrelationId(own) ? own : (headerCid ?? randomUUID()));
      }
      messages.push(out.json);
      cid = out.correlationId;
    } else {
      cid = headerCid ?? randomUUID();
      const items = parsed.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const out = item.ok
          ? validateEvent(item.value, evCtx)
          : { ok: false as const, failure: item.failure, droppedInternal: 0 };
        dropped += out.droppedInternal;
        if (out.ok) messages.push(out.json);
        else {
          (errors ??= []).push({ index: i, code: out.failure.code, message: out.failure.message });
          rejectedBy ??= new Map();
          rejectedBy.set(out.failure.reason, (rejectedBy.get(out.failure.reason) ?? 0) + 1);
        }
      }
      if (dropped > 0) metrics.droppedInternalFields(dropped);
      if (rejectedBy !== undefined) for (const [reason, n] of rejectedBy) metrics.fail(reason, n);
      if (messages.length === 0) {
        const f = failure('MUTT_INGEST_NO_VALID_EVENT', 'validation', 'No valid events in batch');
        throttle.warn('validation', `Ingest rejected (validation): ${f.message}`, {
          status: 'fail',
          reason: 'validation',
          correlation_id: cid,
        });
        return sendFailure(reply, f, cid, { accepted: 0, rejected: errors?.length ?? 0, errors: errors ?? [] });
      }
    }

    const limits = deps.settings.current();
    let result;
    try {
      result = await deps.counters.pushCounted(deps.queue, messages, limits.queueCap, receivedAt);
    } catch (err) {
      reply.header('retry-after', String(BACKOFF_RETRY_AFTER));
      const msg = `Service Unavailable - Redis error`;
      throttle.error('redis', `Ingest enqueue failed: ${(err as Error).message}`, {
        status: 'fail',
        reason: 'redis',
        correlation_id: cid,
      });
      metrics.fail('redis', messages.length);
      return sendFailure(reply, failure('MUTT_BACKEND_UNAVAILABLE', 'redis', msg), cid);
    }
    metrics.queueDepth(result.depth);
    if (!result.accepted) {
      reply.header('retry-after', String(BACKOFF_RETRY_AFTER));
      throttle.warn('queue_full', `Backpressure triggered: Queue full (${result.depth}/${limits.queueCap})`, {
        status: 'fail',
        reason: 'queue_full',
        correlation_id: cid,
      });
      metrics.fail('queue_full', messages.length);
      return sendFailure(reply, failure('MUTT_INGEST_QUEUE_FULL', 'queue_full', 'Service Unavailable - queue full'), cid, {
        queue_depth: result.depth,
        queue_limit: limits.queueCap,
      });
    }
    metrics.success(messages.length);
    if (eventLines) {
      logger.info(`Ingested event: message queued successfully (queue depth: ${result.length})`, {
        status: 'success',
        correlation_id: cid,
        events: messages.length,
      });
    }
    if (parsed.kind === 'single') return sendQueued(reply, cid, result.length);
    return sendJson(
      reply,
      200,
      {
        status: 'queued',
        correlation_id: cid,
        queue_depth: result.length,
        accepted: messages.length,
        rejected: errors?.length ?? 0,
        errors: errors ?? [],
      },
      cid,
    );
  };
}
