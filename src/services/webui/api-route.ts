// Registers each API route under /api/v1 and /api/v2 with one handler (docs/decisions.md D18), and records the
// route's schema for the OpenAPI document so documentation and validation cannot drift apart. The handler's request
// is typed from that same schema (schema-types.ts), so the code cannot drift from it either.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';
import type { RequestOf, RouteSchema, RouteTypes } from './schema-types.js';
import type { ApiVersion } from './versioning.js';

export interface RouteMeta {
  /** Label for mutt_webui_api_requests_total{endpoint}. */
  readonly endpoint: string;
  readonly summary: string;
  readonly public?: boolean;
  /** Message for a missing required body field (Python MUTT texts such as "hostname is required"). */
  readonly requiredMessage?: string;
  readonly tag: string;
}

export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly meta: RouteMeta;
  readonly schema: FastifySchema;
}

export type ApiHandler<S = RouteSchema> = (req: RequestOf<S>, reply: FastifyReply, version: ApiVersion) => Promise<unknown>;

export class ApiRouter {
  readonly documented: DocumentedRoute[] = [];
  constructor(private readonly app: FastifyInstance) {}

  route<const S extends RouteSchema & FastifySchema>(
    method: HTTPMethods,
    path: string,
    meta: RouteMeta,
    schema: S,
    handler: ApiHandler<S>,
  ): void {
    this.documented.push({ method, path, meta, schema });
    for (const version of ['v1', 'v2'] as const) {
      this.app.route<RouteTypes<S>>({
        method,
        url: `/api/${version}${path}`,
        schema,
        config: { webui: meta },
        handler: (req, reply) => handler(req, reply, version),
      });
    }
  }
}

export function routeMeta(req: FastifyRequest): RouteMeta | undefined {
  const cfg = req.routeOptions.config as { webui?: RouteMeta } | undefined;
  return cfg?.webui;
}
