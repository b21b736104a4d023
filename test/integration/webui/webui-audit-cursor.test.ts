// Audit lists: page × limit is capped (400 naming `page`) and keyset pagination (`cursor` / `next_cursor`)
// walks every row exactly once, in order, including rows that differ only in microseconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRule, startHarness, type WebuiHarness } from './harness.js';

let h: WebuiHarness;

interface Row {
  id: number;
  event_timestamp: string;
}

beforeAll(async () => {
  h = await startHarness();
  const rule = (await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'cursor-rule' })).json().id as number;
  const base = Date.parse('2025-11-10T10:00:00Z');
  await h.tb.backends.store.insertEventAudit(
    Array.from({ length: 20 }, (_, i) => ({
      // Pairs share a timestamp: the cursor must fall back to id.
      event_timestamp: new Date(base + Math.floor(i / 2) * 60_000),
      hostname: i % 2 === 0 ? 'router-1' : 'switch-9',
      matched_rule_id: rule,
      handling_decision: 'Ignore',
      forwarded_to_moog: false,
      raw_message: JSON.stringify({ message: `e${i}` }),
      correlation_id: `cid-${i}`,
    })),
  );
  // Three rows in the same millisecond, microseconds apart (inserted newest first so id order disagrees with time).
  for (const us of ['000003', '000002', '000001']) {
    await h.tb.backends.sql.query(
      `INSERT INTO event_audit_log (event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, raw_message)
       VALUES ($1::timestamptz, 'micro', $2::int, 'Ignore', false, '{}')`,
      [`2025-11-10T09:00:00.${us}Z`, rule],
    );
  }
  for (let i = 0; i < 12; i++) await h.call('POST', '/api/v2/dev-hosts', { hostname: `cursor-host-${i}` });
});
afterAll(async () => h?.close());

async function walk(path: string, key: string): Promise<Row[]> {
  const out: Row[] = [];
  let url = `${path}${path.includes('?') ? '&' : '?'}limit=4`;
  for (let i = 0; i < 100; i++) {
    const res = await h.call('GET', url);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    out.push(...body[key]);
    if (body.next_cursor === null) return out;
    expect(typeof body.next_cursor).toBe('string');
    url = `${path}${path.includes('?') ? '&' : '?'}limit=4&cursor=${body.next_cursor}`;
  }
  throw new Error('cursor walk did not end');
}

describe('page cap', () => {
  it.each([
    '/api/v2/audit-logs?page=20000000',
    '/api/v2/audit-logs?page=20000000&limit=200',
    `/api/v2/audit-logs?page=${'9'.repeat(400)}`,
    '/api/v2/config-audit?page=20000000&limit=200',
    '/api/v1/audit?page=20000000&limit=200',
    '/api/v2/config/history?page=20000000&limit=200',
    '/api/v2/dlq/alerter?page=20000000&limit=200',
  ])('%s → 400 MUTT_VALIDATION naming page', async (url) => {
    const res = await h.call('GET', url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MUTT_VALIDATION', field: 'page' });
    expect(res.json().error).toContain('cursor');
  });

  it('the last page inside the cap is still answered (empty, 200)', async () => {
    const res = await h.call('GET', '/api/v2/audit-logs?page=500&limit=200');
    expect(res.statusCode).toBe(200);
    expect(res.json().logs).toEqual([]);
  });
});

describe('keyset pagination', () => {
  it('event audit: the cursor walk returns every row once, newest first, as the page walk does', async () => {
    const rows = await walk('/api/v2/audit-logs', 'logs');
    expect(rows).toHaveLength(23);
    const paged: Row[] = [];
    for (let page = 1; page <= 6; page++)
      paged.push(...(await h.call('GET', `/api/v2/audit-logs?limit=4&page=${page}`)).json().logs);
    expect(rows.map((r) => r.id)).toEqual(paged.map((r) => r.id));
    // The three microsecond rows come last, newest (…003, inserted first, lowest id) first.
    const micro = rows.slice(-3).map((r) => r.id);
    expect(micro).toEqual([...micro].sort((a, b) => a - b));
  });

  it('event audit: filters apply along the walk', async () => {
    const rows = await walk('/api/v2/audit-logs?hostname=router-1', 'logs');
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.id)).size).toBe(10);
  });

  it('config audit: cursor walk over /config-audit and the legacy /audit', async () => {
    const changes = await walk('/api/v2/config-audit?table_name=dev_hosts', 'changes');
    expect(changes).toHaveLength(12);
    const ids = changes.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect((await walk('/api/v1/audit?table_name=dev_hosts', 'logs')).map((r) => r.id)).toEqual(ids);
  });

  it('page answers carry next_cursor too, and it is null on the last page', async () => {
    const first = (await h.call('GET', '/api/v2/audit-logs?limit=4')).json();
    expect(typeof first.next_cursor).toBe('string');
    const next = (await h.call('GET', `/api/v2/audit-logs?limit=4&cursor=${first.next_cursor}`)).json();
    const page2 = (await h.call('GET', '/api/v2/audit-logs?limit=4&page=2')).json();
    expect(next.logs).toEqual(page2.logs);
    expect((await h.call('GET', '/api/v2/audit-logs?limit=200')).json().next_cursor).toBeNull();
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64url of junk', Buffer.from('hello').toString('base64url')],
    ['huge', 'A'.repeat(500)],
    ['negative id', Buffer.from('e:1762768800000000:-5').toString('base64url')],
  ])('a bad cursor (%s) → 400 MUTT_VALIDATION naming cursor', async (_name, cursor) => {
    const res = await h.call('GET', `/api/v2/audit-logs?cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MUTT_VALIDATION', field: 'cursor' });
  });

  it('an event-audit cursor is refused by the config audit (and the reverse)', async () => {
    const ev = (await h.call('GET', '/api/v2/audit-logs?limit=1')).json().next_cursor as string;
    const cfg = (await h.call('GET', '/api/v2/config-audit?limit=1')).json().next_cursor as string;
    expect((await h.call('GET', `/api/v2/config-audit?cursor=${ev}`)).statusCode).toBe(400);
    expect((await h.call('GET', `/api/v2/audit-logs?cursor=${cfg}`)).statusCode).toBe(400);
  });

  it('cursor and page > 1 together → 400 (they would disagree)', async () => {
    const ev = (await h.call('GET', '/api/v2/audit-logs?limit=1')).json().next_cursor as string;
    const res = await h.call('GET', `/api/v2/audit-logs?page=3&cursor=${ev}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('cursor');
  });
});
