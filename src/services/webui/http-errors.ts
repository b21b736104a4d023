// Every webui error body: `error` (human text, as Python MUTT wrote it), `code` (stable, from core/errors.ts), correlation id.
import type { FastifyReply } from 'fastify';
import { ERRORS, type ErrorCode } from '../../core/errors.js';

export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const cid = reply.request.webuiCorrelationId;
  return reply.code(ERRORS[code].status).send({ error: message ?? ERRORS[code].message, code, ...extra, correlation_id: cid });
}
