// Rules CRUD, validation, v1/v2 parity, audit rows, change notifications and dry-run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRule, startHarness, waitFor, type WebuiHarness } from './harness.js';

let h: WebuiHarness;
const notes: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.tb.backends.pubsub.subscribe(h.tb.backends.keys.channels.rulesUpdates, (m) => notes.push(m));
});
afterAll(async () => h?.close());

describe('rules API', () => {
  it('creates, reads, updates and deletes a rule, auditing and notifying each change', async () => {
    const created = await h.call('POST', '/api/v2/rules', { ...sampleRule, reason: 'ticket 42' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    expect(created.json().message).toBe('Rule created successfully');
    expect(
      await waitFor(() => notes.some((n) => JSON.parse(n).operation === 'CREATE' && JSON.parse(n).entity === 'alert_rules')),
    ).toBe(true);

    const got = await h.call('GET', `/api/v2/rules/${id}`);
    expect(got.json()).toMatchObject({ id, pattern: 'CPU utilization', enabled: true, rule_name: 'cpu_high' });
    expect(got.json().match_string).toBeUndefined();
    const v1 = await h.call('GET', `/api/v1/rules/${id}`);
    expect(v1.json()).toMatchObject({ match_string: 'CPU utilization', is_active: true, pattern: 'CPU utilization' });
    expect(v1.headers['x-api-deprecated']).toBe('true');

    const upd = await h.call('PUT', `/api/v2/rules/${id}`, { is_active: false, priority: 5 });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().message).toBe('Rule updated successfully');
    expect((await h.call('GET', `/api/v2/rules/${id}`)).json()).toMatchObject({ enabled: false, priority: 5 });

    const del = await h.call('DELETE', `/api/v2/rules/${id}?reason=cleanup`);
    expect(del.statusCode).toBe(200);
    expect((await h.call('GET', `/api/v2/rules/${id}`)).statusCode).toBe(404);

    const audit = await h.call('GET', `/api/v2/config-audit?table_name=alert_rules&record_id=${id}`);
    const ops = audit.json().changes.map((c: { operation: string }) => c.operation);
    expect(ops).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    const create = audit.json().changes[2];
    expect(create.reason).toBe('ticket 42');
    expect(create.changed_by).toMatch(/^webui_api:[0-9a-f]{8}$/);
    expect(create.timestamp).toBe(create.changed_at);
  });

  it('lists rules by priority then id, identical on v1 and v2 apart from REF aliases', async () => {
    await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'b', priority: 50 });
    await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'a', priority: 20 });
    const v2 = (await h.call('GET', '/api/v2/rules')).json().rules as { priority: number; pattern: string }[];
    const v1 = (await h.call('GET', '/api/v1/rules')).json().rules as { match_string: string; is_active: boolean }[];
    expect(v2.map((r) => r.priority)).toEqual([...v2.map((r) => r.priority)].sort((a, b) => a - b));
    expect(v1.length).toBe(v2.length);
    expect(v1.map(({ match_string: _m, is_active: _a, ...rest }) => rest)).toEqual(v2);
  });

  it('rejects invalid input with 400 and stable codes', async () => {
    const missing = await h.call('POST', '/api/v2/rules', { pattern: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('Missing required fields: prod_handling, dev_handling, team_assignment');
    expect(missing.json().code).toBe('MUTT_VALIDATION');
    const noMatch = await h.call('POST', '/api/v2/rules', { prod_handling: 'a', dev_handling: 'b', team_assignment: 'c' });
    expect(noMatch.json().error).toBe('Either match_string or trap_oid is required');
    const badRegex = await h.call('POST', '/api/v2/rules', {
      ...sampleRule,
      rule_name: null,
      match_type: 'regex',
      pattern: '(unclosed',
    });
    expect(badRegex.statusCode).toBe(400);
    expect(badRegex.json().code).toBe('MUTT_WEBUI_INVALID_PATTERN');
    const backref = await h.call('POST', '/api/v2/rules', {
      ...sampleRule,
      rule_name: null,
      match_type: 'regex',
      pattern: '(a)\\1',
    });
    expect(backref.statusCode).toBe(400);
    for (const bad of [
      { match_type: 'glob' },
      { syslog_severity: 9 },
      { priority: '5' },
      { trap_oid: 'not-an-oid' },
      { is_active: 'yes' },
      { team_assignment: '' },
    ]) {
      const r = await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: null, ...bad });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const oidOnly = await h.call('POST', '/api/v2/rules', {
      ...sampleRule,
      rule_name: 'trap',
      pattern: undefined,
      match_type: undefined,
      trap_oid: '.1.3.6.1.4.1.9.9.41.2.*',
    });
    expect(oidOnly.statusCode).toBe(201);
    expect((await h.call('GET', `/api/v2/rules/${oidOnly.json().id}`)).json().match_type).toBe('oid_prefix');
    const dup = await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'trap' });
    expect(dup.statusCode).toBe(409);
  });

  it('handles update and delete edge cases', async () => {
    expect((await h.call('PUT', '/api/v2/rules/999999', { priority: 1 })).statusCode).toBe(404);
    expect((await h.call('PUT', '/api/v2/rules/99999999999', { priority: 1 })).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v2/rules/abc')).statusCode).toBe(404);
    expect((await h.call('DELETE', '/api/v2/rules/999999')).statusCode).toBe(404);
    const id = (await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'edge' })).json().id as number;
    const empty = await h.call('PUT', `/api/v2/rules/${id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('No fields to update');
    const breakIt = await h.call('PUT', `/api/v2/rules/${id}`, { pattern: null });
    expect(breakIt.statusCode).toBe(400);
    const toRegex = await h.call('PUT', `/api/v2/rules/${id}`, { match_type: 'regex', pattern: '[' });
    expect(toRegex.json().code).toBe('MUTT_WEBUI_INVALID_PATTERN');
  });

  it('answers 409 when deleting a rule referenced by event audit rows', async () => {
    const id = (await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'used' })).json().id as number;
    await h.tb.backends.store.insertEventAudit([
      {
        event_timestamp: new Date(),
        hostname: 'r1',
        matched_rule_id: id,
        handling_decision: 'Page_and_ticket',
        forwarded_to_moog: true,
        raw_message: '{"message":"CPU utilization high","hostname":"r1"}',
        correlation_id: 'c-used',
      },
    ]);
    const del = await h.call('DELETE', `/api/v2/rules/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('MUTT_WEBUI_RULE_IN_USE');
  });

  it('dry-runs a candidate rule against a sample event with a per-rule trace, writing nothing', async () => {
    const before = (await h.call('GET', '/api/v2/rules')).json().rules.length;
    const res = await h.call('POST', '/api/v2/rules/test', {
      rule: { pattern: 'link down', prod_handling: 'Page_only', dev_handling: 'Ignore', team_assignment: 'Net', priority: 1 },
      event: { hostname: 'core-1', message: 'Interface Gi0/1 LINK DOWN' },
    });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.mode).toBe('event');
    expect(b.changed).toBe(true);
    expect(b.before.matched_rule_id).toBeNull();
    expect(b.after).toMatchObject({ matched_rule_id: -1, handling_decision: 'Page_only', forwarded_to_moog: true });
    expect(b.trace.some((t: { matched: boolean }) => t.matched)).toBe(true);
    expect((await h.call('GET', '/api/v2/rules')).json().rules.length).toBe(before);
  });

  it('dry-runs against recent audit rows and counts changed decisions', async () => {
    const rules = (await h.call('GET', '/api/v2/rules')).json().rules as { id: number; rule_name: string }[];
    const used = rules.find((r) => r.rule_name === 'used') as { id: number };
    const res = await h.call('POST', '/api/v2/rules/test', {
      rule: { id: used.id, priority: 0, prod_handling: 'Ignore' },
      last: 100,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'audit', source: 'last_n' });
    expect(res.json().evaluated).toBeGreaterThanOrEqual(1);
    expect(res.json().changed).toBeGreaterThanOrEqual(1);
    expect(res.json().examples[0].after.handling_decision).toBeDefined();
    const none = await h.call('POST', '/api/v2/rules/test', {});
    expect(none.statusCode).toBe(400);
    const badRange = await h.call('POST', '/api/v2/rules/test', {
      rule: { pattern: 'x', prod_handling: 'a', dev_handling: 'b', team_assignment: 'c' },
      start_date: 'yesterday',
    });
    expect(badRange.statusCode).toBe(400);
  });
});
