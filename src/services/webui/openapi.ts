// OpenAPI 3.1 document built from the very schemas the routes validate with (ApiRouter records them).
import type { DocumentedRoute } from './api-route.js';

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)(\([^)]*\))?/g, '{$1}');
}

export function buildOpenApi(routes: readonly DocumentedRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = `/api/v2${toOpenApiPath(r.path)}`;
    const params: Record<string, unknown>[] = [];
    const s = r.schema as {
      params?: { properties?: Record<string, unknown> };
      querystring?: { properties?: Record<string, unknown> };
      body?: unknown;
    };
    for (const [name, schema] of Object.entries(s.params?.properties ?? {}))
      params.push({ name, in: 'path', required: true, schema });
    for (const [name, schema] of Object.entries(s.querystring?.properties ?? {}))
      params.push({ name, in: 'query', required: false, schema });
    const op: Record<string, unknown> = {
      summary: r.meta.summary,
      tags: [r.meta.tag],
      operationId: `${r.method.toLowerCase()}${p.replace(/[^A-Za-z0-9]+/g, '_')}`,
      parameters: params,
      responses: {
        '200': { description: 'Success' },
        '400': {
          description: 'Validation failure',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        ...(r.meta.public ? {} : { '401': { description: 'Missing or invalid API key' } }),
      },
      ...(r.meta.public ? { security: [] } : {}),
    };
    if (s.body) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
    (paths[p] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MUTT management API',
      version,
      description: 'Every /api/v2 path also exists under /api/v1 (deprecated; responses add REF names match_string/is_active).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'code'],
          properties: { error: { type: 'string' }, code: { type: 'string' }, correlation_id: { type: 'string' } },
        },
      },
    },
    security: [{ apiKey: [] }, { apiKeyQuery: [] }],
    paths,
  };
}
