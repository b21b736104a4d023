// Auth, versioning, public endpoints, error shapes and the route walk (every non-public route needs a key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, NEXT_KEY, startHarness, type WebuiHarness } from './harness.js';

const routes: { method: string; url: string; isPublic: boolean }[] = [];
let h: WebuiHarness;

beforeAll(async () => {
  h = await startHarness({
    onRoute: (r) => {
      for (const m of Array.isArray(r.method) ? r.method : [r.method])
        routes.push({ method: m, url: r.url, isPublic: r.isPublic });
    },
  });
});
afterAll(async () => h?.close());

function concrete(url: string): string {
  return url
    .replace(/:id\([^)]*\)/, '1')
    .replace(':hostname', 'host-a')
    .replace(':key', 'alerter_shed_mode')
    .replace(':name', 'moog')
    .replace('*', 'app.js');
}

describe('webui auth', () => {
  it('registers every catalogue route under both /api/v1 and /api/v2', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/v2/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(25);
    for (const r of api)
      expect(routes.some((x) => x.method === r.method && x.url === r.url.replace('/api/v2/', '/api/v1/'))).toBe(true);
    for (const [m, p] of [
      ['GET', '/rules'],
      ['POST', '/rules'],
      ['PUT', '/rules/:id(^\\d+)'],
      ['DELETE', '/rules/:id(^\\d+)'],
      ['GET', '/dev-hosts'],
      ['POST', '/dev-hosts'],
      ['DELETE', '/dev-hosts/:hostname'],
      ['GET', '/teams'],
      ['POST', '/teams'],
      ['PUT', '/teams/:hostname'],
      ['DELETE', '/teams/:hostname'],
      ['GET', '/audit-logs'],
      ['GET', '/audit'],
      ['GET', '/config-audit'],
      ['GET', '/config'],
      ['PUT', '/config/:key'],
      ['GET', '/config/history'],
      ['GET', '/slo'],
      ['GET', '/metrics'],
      ['GET', '/version'],
    ] as const) {
      expect(
        routes.some((r) => r.method === m && r.url === `/api/v2${p}`),
        `${m} ${p}`,
      ).toBe(true);
    }
  });

  it('answers 401 without a key on every non-public route, and only the documented ones are public', async () => {
    const publicUrls = new Set<string>();
    for (const r of routes) {
      if (r.isPublic) {
        publicUrls.add(r.url);
        continue;
      }
      const res = await h.app.inject({
        method: r.method as 'GET',
        url: concrete(r.url),
        headers: { 'content-type': 'application/json' },
        payload: r.method === 'GET' || r.method === 'HEAD' ? undefined : '{}',
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      if (r.method !== 'HEAD') {
        expect(res.json()).toMatchObject({ error: 'Unauthorized', code: 'MUTT_WEBUI_UNAUTHORIZED' });
        expect(res.json().correlation_id).toBeTypeOf('string');
      }
    }
    const allowed =
      /^(\/health|\/metrics|\/api\/v[12]\/version|\/static\/\*|\/|\/audit|\/rules|\/audit-logs|\/dev-hosts|\/teams|\/config|\/dlq)$/;
    for (const u of publicUrls) expect(u, u).toMatch(allowed);
  });

  it('accepts the header, the next key and ?api_key=, but not a wrong header with a right query key', async () => {
    expect((await h.app.inject({ url: '/api/v2/rules', headers: { 'x-api-key': API_KEY } })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v2/rules', headers: { 'X-API-Key': NEXT_KEY } })).statusCode).toBe(200);
    expect((await h.app.inject({ url: `/api/v2/rules?api_key=${API_KEY}` })).statusCode).toBe(200);
    expect((await h.app.inject({ url: `/api/v2/rules?api_key=${API_KEY}`, headers: { 'x-api-key': 'wrong' } })).statusCode).toBe(
      401,
    );
    expect((await h.app.inject({ url: '/api/v2/rules', headers: { 'x-api-key': 'ключ' } })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v2/rules', headers: { 'x-api-key': '' } })).statusCode).toBe(401);
  });

  it('serves public endpoints without a key', async () => {
    const health = await h.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'healthy', service: 'mutt-webui', redis: 'connected', database: 'connected' });
    const metrics = await h.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('mutt_webui_api_requests_total');
    expect(metrics.body).toContain('mutt_webui_auth_failures_total');
    const page = await h.app.inject({ method: 'HEAD', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const asset = await h.app.inject({ url: '/static/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await h.app.inject({ url: '/static/../package.json' })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/static/%2e%2e/package.json' })).statusCode).toBe(404);
  });

  it('negotiates versions and marks v1 deprecated', async () => {
    const v = await h.app.inject({ url: '/api/v1/version' });
    expect(v.statusCode).toBe(200);
    expect(v.headers['x-api-version']).toBe('v2.5');
    expect(v.headers['x-api-supported-versions']).toBe('v2.5, v2.0, v1.0');
    expect(v.headers['x-api-deprecated']).toBe('true');
    const body = v.json();
    expect(body.supported_versions).toContain(body.current_version);
    for (const ver of body.supported_versions) {
      expect(body.version_history[ver].changes.length).toBeGreaterThan(0);
      expect(body.version_history[ver].released).toBeTypeOf('string');
    }
    const v2 = await h.app.inject({ url: '/api/v2/version', headers: { 'accept-version': '2.0' } });
    expect(v2.headers['x-api-version']).toBe('v2.0');
    expect(v2.headers['x-api-deprecated']).toBe('false');
    expect((await h.app.inject({ url: '/api/v2/version', headers: { 'accept-version': '99.0' } })).headers['x-api-version']).toBe(
      'v2.5',
    );
    expect((await h.app.inject({ url: '/api/v2/version', headers: { 'x-api-version': '1.0' } })).headers['x-api-version']).toBe(
      'v1.0',
    );
    const audit = await h.call('GET', '/api/v1/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.headers['x-api-version']).toBe('v2.5');
  });

  it('answers JSON errors with stable codes: unknown route, bad JSON, non-object body, oversize body', async () => {
    const nf = await h.app.inject({ url: '/api/v2/nope' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ error: 'Not found', code: 'MUTT_NOT_FOUND' });
    const bad = await h.call('POST', '/api/v2/rules', '{not json', { 'content-type': 'text/plain' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MUTT_WEBUI_BAD_BODY');
    const arr = await h.call('POST', '/api/v2/rules', [1, 2]);
    expect(arr.statusCode).toBe(400);
    expect(arr.json().error).toBe('Request body must be a JSON object');
    const big = await h.call('POST', '/api/v2/rules', { pattern: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('MUTT_WEBUI_BODY_TOO_LARGE');
  });

  it('echoes a valid X-Correlation-ID and replaces an invalid one', async () => {
    const ok = await h.call('GET', '/api/v2/rules', undefined, { 'x-correlation-id': 'abc-123' });
    expect(ok.headers['x-correlation-id']).toBe('abc-123');
    const bad = await h.call('GET', '/api/v2/rules', undefined, { 'x-correlation-id': 'has spaces!' });
    expect(bad.headers['x-correlation-id']).not.toBe('has spaces!');
  });

  it('publishes an OpenAPI document built from the route schemas', async () => {
    const res = await h.call('GET', '/api/v2/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v2/rules'].post.requestBody.content['application/json'].schema.required).toEqual([
      'prod_handling',
      'dev_handling',
      'team_assignment',
    ]);
    expect(doc.paths['/api/v2/rules/{id}'].put).toBeDefined();
    expect(doc.paths['/api/v2/audit-logs'].get.parameters.map((p: { name: string }) => p.name)).toContain('rule_id');
  });
});
