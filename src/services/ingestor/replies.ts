// JSON reply helpers. Error bodies keep the Python MUTT shape (`status`, `message`, `correlation_id`) and add the
// catalogue `error: {code, message}` so clients can switch on a stable code.
import type { FastifyReply } from 'fastify';
import type { IngestFailure } from './ingest-failure.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(
  reply: FastifyReply,
  status: number,
  body: Record<string, unknown>,
  correlationId?: string,
): FastifyReply {
  if (correlationId !== undefined) reply.header('x-correlation-id', correlationId);
  return reply.code(status).header('content-type', JSON_TYPE).send(JSON.stringify(body));
}

/** The single-event success reply, serialised by hand (the hot path): same bytes as JSON.stringify would give. */
export function sendQueued(reply: FastifyReply, correlationId: string, queueDepth: number): FastifyReply {
  const body = `{"status":"queued","correlation_id":${JSON.stringify(correlationId)},"queue_depth":${queueDepth}}`;
  return reply.code(200).headers({ 'x-correlation-id': correlationId, 'content-type': JSON_TYPE }).send(body);
}

export function errorBody(f: IngestFailure, correlationId: string, extra?: Record<string, unknown>): Record<string, unknown> {
  return {
    status: 'error',
    message: f.message,
    error: { code: f.code, message: f.message },
    correlation_id: correlationId,
    ...extra,
  };
}

export function sendFailure(
  reply: FastifyReply,
  f: IngestFailure,
  correlationId: string,
  extra?: Record<string, unknown>,
): FastifyReply {
  return sendJson(reply, f.status, errorBody(f, correlationId, extra), correlationId);
}
