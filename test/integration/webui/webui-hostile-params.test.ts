// Hostile path and query parameters answer 4xx naming the parameter, never 5xx or a misleading 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type WebuiHarness } from './harness.js';

let h: WebuiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const enc = encodeURIComponent;

describe('hostname path parameters agree with the 255-character schema', () => {
  it('a 255-character dev host can be created and then deleted', async () => {
    const host = `${'h'.repeat(250)}.lab1`;
    expect(host).toHaveLength(255);
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: host })).statusCode).toBe(201);
    const del = await h.call('DELETE', `/api/v2/dev-hosts/${enc(host)}`);
    expect(del.statusCode).toBe(200);
    expect((await h.call('GET', '/api/v2/dev-hosts')).json().hosts).toEqual([]);
  });

  it('a 255-character non-ASCII dev host (percent-encoded, 1,530 URL characters) can be deleted too', async () => {
    const host = 'é'.repeat(255);
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: host })).statusCode).toBe(201);
    expect((await h.call('DELETE', `/api/v2/dev-hosts/${enc(host)}`)).statusCode).toBe(200);
  });

  it('a 255-character team host can be updated and deleted', async () => {
    const host = 't'.repeat(255);
    expect((await h.call('POST', '/api/v2/teams', { hostname: host, team_assignment: 'NetOps' })).statusCode).toBe(201);
    expect((await h.call('PUT', `/api/v2/teams/${host}`, { team_assignment: 'Core' })).statusCode).toBe(200);
    expect((await h.call('DELETE', `/api/v2/teams/${host}`)).statusCode).toBe(200);
  });

  it.each(['DELETE /api/v2/dev-hosts', 'PUT /api/v2/teams', 'DELETE /api/v2/teams'])(
    '%s/<256 characters> → 400 MUTT_VALIDATION naming hostname',
    async (route) => {
      const [method, path] = route.split(' ') as ['DELETE' | 'PUT', string];
      const res = await h.call(method, `${path}/${'x'.repeat(256)}`, method === 'PUT' ? { team_assignment: 'Core' } : undefined);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'MUTT_VALIDATION', field: 'hostname' });
      expect(res.json().error).toContain('hostname');
    },
  );
});

describe('NUL characters (PostgreSQL cannot store them)', () => {
  it.each([
    ['GET', '/api/v2/audit-logs?handling_decision=%00', 'handling_decision', undefined],
    ['GET', '/api/v2/config-audit?changed_by=a%00b', 'changed_by', undefined],
    ['DELETE', '/api/v2/dev-hosts/%00', 'hostname', undefined],
    ['POST', '/api/v2/dev-hosts', 'hostname', { hostname: 'a\u0000b' }],
    ['POST', '/api/v2/teams', 'team_assignment', { hostname: 'h', team_assignment: 'x\u0000' }],
    ['PUT', '/api/v2/config/ingest_max_rate', 'reason', { value: '1', reason: '\u0000' }],
  ] as const)('%s %s → 400 MUTT_VALIDATION naming %s', async (method, url, field, body) => {
    const res = await h.call(method, url, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MUTT_VALIDATION', field });
  });
});
