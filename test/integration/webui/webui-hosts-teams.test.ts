// Dev hosts and device teams: create, duplicates, sorting, updates, deletes, audit and notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type WebuiHarness } from './harness.js';

let h: WebuiHarness;
const notes: { entity: string; operation: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.tb.backends.pubsub.subscribe(h.tb.backends.keys.channels.rulesUpdates, (m) => notes.push(JSON.parse(m)));
});
afterAll(async () => h?.close());

describe('dev hosts', () => {
  it('adds, lists sorted, refuses duplicates and deletes', async () => {
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: 'zeta-dev' })).statusCode).toBe(201);
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: ' alpha-dev ', reason: 'lab' })).statusCode).toBe(201);
    const dup = await h.call('POST', '/api/v2/dev-hosts', { hostname: 'zeta-dev' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: 'Hostname already exists', code: 'MUTT_CONFLICT' });
    expect((await h.call('GET', '/api/v1/dev-hosts')).json()).toEqual({
      hosts: [{ hostname: 'alpha-dev' }, { hostname: 'zeta-dev' }],
    });
    expect((await h.call('POST', '/api/v2/dev-hosts', {})).json().error).toBe('hostname is required');
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: '   ' })).statusCode).toBe(400);
    expect((await h.call('POST', '/api/v2/dev-hosts', { hostname: 'x'.repeat(256) })).statusCode).toBe(400);
    expect((await h.call('DELETE', '/api/v2/dev-hosts/zeta-dev')).statusCode).toBe(200);
    const gone = await h.call('DELETE', '/api/v2/dev-hosts/zeta-dev');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toBe('Hostname not found');
    expect(await waitFor(() => notes.some((n) => n.entity === 'dev_hosts' && n.operation === 'DELETE'))).toBe(true);
    const audit = (await h.call('GET', '/api/v2/config-audit?table_name=development_hosts')).json();
    expect(audit.changes.map((c: { operation: string }) => c.operation)).toEqual(['DELETE', 'CREATE', 'CREATE']);
  });
});

describe('device teams', () => {
  it('creates, conflicts, updates, deletes', async () => {
    expect((await h.call('POST', '/api/v2/teams', { hostname: 'sw-2', team_assignment: 'NetOps' })).statusCode).toBe(201);
    expect((await h.call('POST', '/api/v2/teams', { hostname: 'sw-1', team_assignment: 'Core' })).statusCode).toBe(201);
    const dup = await h.call('POST', '/api/v2/teams', { hostname: 'sw-1', team_assignment: 'Other' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('Hostname already has a team assignment');
    expect((await h.call('POST', '/api/v2/teams', { hostname: 'sw-3' })).json().error).toBe(
      'hostname and team_assignment are required',
    );
    expect((await h.call('GET', '/api/v2/teams')).json().teams).toEqual([
      { hostname: 'sw-1', team_assignment: 'Core' },
      { hostname: 'sw-2', team_assignment: 'NetOps' },
    ]);
    expect((await h.call('PUT', '/api/v2/teams/sw-1', { team_assignment: 'Edge' })).statusCode).toBe(200);
    expect((await h.call('PUT', '/api/v2/teams/nope', { team_assignment: 'Edge' })).statusCode).toBe(404);
    expect((await h.call('PUT', '/api/v2/teams/sw-1', {})).json().error).toBe('team_assignment is required');
    expect((await h.call('GET', '/api/v2/teams')).json().teams[0].team_assignment).toBe('Edge');
    expect((await h.call('DELETE', '/api/v2/teams/sw-1')).statusCode).toBe(200);
    expect((await h.call('DELETE', '/api/v2/teams/sw-1')).statusCode).toBe(404);
    const audit = (await h.call('GET', '/api/v2/config-audit?table_name=device_teams&operation=update')).json();
    expect(audit.changes).toHaveLength(1);
    expect(audit.pagination.total).toBe(1);
    expect(await waitFor(() => notes.some((n) => n.entity === 'device_teams' && n.operation === 'UPDATE'))).toBe(true);
  });
});
