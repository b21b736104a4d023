// Every webui error body: `error` (human text, REF-compatible), `code` (stable, from core/errors.ts), correlation id.
import type { FastifyReply } from 'fastify';
import { ERRORS, type ErrorCode } from '../../core/errors.js';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? ERRORS[code].message);
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function sendError(reply: FastifyReply, code: ErrorCode, message?: string, extra: Record<string, unknown> = {}): FastifyReply {
  const cid = reply.request.webuiCorrelationId;
  return reply.code(ERRORS[code].status).send({ error: message ?? ERRORS[code].message, code, ...extra, correlation_id: cid });
}
