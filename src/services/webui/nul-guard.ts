// PostgreSQL text and jsonb cannot hold U+0000: a NUL in a query, path parameter or body string would reach the
// store and fail there as a 500. Refused up front as 400 naming the field.
import type { FastifyRequest } from 'fastify';
import { MuttError } from '../../core/errors.js';

const NUL = '\u0000';
// Deeper values are not inspected: no management body nests that far, and the scan must stay bounded.
const MAX_DEPTH = 64;

/** Dotted path of the first string (or key) holding a NUL, or null. */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes(NUL)) return p;
    const hit = findNul(v, p, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** preValidation hook: query, path parameters and body, in that order. */
export async function rejectNul(req: FastifyRequest): Promise<void> {
  for (const part of [req.query, req.params, req.body]) {
    const field = findNul(part);
    if (field !== null)
      throw new MuttError('MUTT_VALIDATION', `${field || 'request'} must not contain NUL (U+0000) characters`, {
        field: field || null,
      });
  }
}
