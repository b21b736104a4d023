// API version negotiation and headers, with `v`-prefixed values (docs/decisions.md D18).
import type { FastifyReply, FastifyRequest } from 'fastify';

export type ApiVersion = 'v1' | 'v2';
export const SUPPORTED = ['v2.5', 'v2.0', 'v1.0'] as const;
export const CURRENT_VERSION = 'v2.5';
export const V1_SUNSET = '2026-01-01';

function normalise(raw: unknown): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  const withV = t.startsWith('v') ? t : `v${t}`;
  return (SUPPORTED as readonly string[]).includes(withV) ? withV : undefined;
}

/** First of Accept-Version, X-API-Version, ?api_version= naming a supported version; else v2.5. */
export function negotiateVersion(req: FastifyRequest): string {
  const q = req.query as { api_version?: unknown } | undefined;
  return (
    normalise(req.headers['accept-version']) ??
    normalise(req.headers['x-api-version']) ??
    normalise(q?.api_version) ??
    CURRENT_VERSION
  );
}

export function applyVersionHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url;
  reply.header('X-API-Version', negotiateVersion(req));
  reply.header('X-API-Supported-Versions', SUPPORTED.join(', '));
  if (path.startsWith('/api/v1/')) {
    reply.header('X-API-Deprecated', 'true');
    reply.header('X-API-Sunset', V1_SUNSET);
  } else if (path.startsWith('/api/')) {
    reply.header('X-API-Deprecated', 'false');
  }
}

export const VERSION_INFO = {
  current_version: '2.5',
  default_version: '2.5',
  supported_versions: ['2.5', '2.0', '1.0'],
  version_history: {
    '2.5': {
      released: '2025-11-10',
      status: 'current',
      changes: [
        'v2 aliases for every route',
        'API version headers',
        'configuration change audit and endpoints',
        'forwarder circuit breaker',
        'rule dry-run, DLQ browser and live overview',
      ],
    },
    '2.0': {
      released: '2025-11-10',
      status: 'supported',
      changes: [
        'configuration audit logging',
        'richer audit filters',
        '/api/v1/audit and the /audit viewer',
        'SLO endpoint',
        'alerter backpressure',
      ],
    },
    '1.0': {
      released: '2024-01-01',
      status: 'supported',
      changes: ['rules CRUD', 'event audit logs', 'metrics dashboard', 'dynamic config API'],
      deprecated_in: '3.0',
      removal_date: V1_SUNSET,
    },
  },
} as const;
