// Secret-named fields at any depth never reach the queue, the audit row or a DLQ entry, on both profiles.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticSecrets } from '../../../src/app/static-secrets.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { buildIngestorApp, type IngestorApp } from '../../../src/services/ingestor/index.js';
import { createHarness, ctxChange, ruleInput, until, type Harness } from './harness.js';

const KEY = 'secret-fields-ingest-key';
const SECRETS = ['pw-NESTED-1', 'tok-ARRAY-2', 'key-TOP-3', 'auth-DEEP-4'];

function eventWithSecrets(message: string): Record<string, unknown> {
  return {
    hostname: 'core-1',
    message,
    syslog_severity: 3,
    API_KEY: SECRETS[2],
    data: {
      password: SECRETS[0],
      site: 'dc1',
      creds: [{ Token: SECRETS[1], user: 'ops' }],
      deeper: { x: { Authorization: SECRETS[3] } },
    },
  };
}

function expectNoSecret(text: string): void {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

let h: Harness;
let ingestor: IngestorApp;
let doomedId: number;

beforeAll(async () => {
  h = await createHarness({ ALERTER_MAX_RETRIES: '1' });
  const config = { ...h.tb.config, ingestApiKey: KEY, ingestRateLimitEnabled: false };
  ingestor = await buildIngestorApp({
    config,
    backends: h.b,
    logger: silentLogger(),
    podName: 'ingest-t',
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  });
  await h.b.store.createRule(ruleInput({ pattern: 'fine', priority: 2 }), ctxChange);
  doomedId = (await h.b.store.createRule(ruleInput({ pattern: 'doomed', priority: 1 }), ctxChange)).id;
});
afterAll(async () => {
  await ingestor?.app.close();
  ingestor?.dispose();
  await h?.cleanup();
});

function post(ev: Record<string, unknown>) {
  return ingestor.app.inject({
    method: 'POST',
    url: '/api/v2/ingest',
    payload: JSON.stringify(ev),
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
  });
}

describe('secret fields are stripped at ingest, at any depth', () => {
  it('the queued event keeps its other nested fields and loses every secret-named one', async () => {
    const res = await post(eventWithSecrets('fine queued'));
    expect(res.statusCode, res.body).toBe(200);
    const [raw] = await h.b.queues.range(h.b.keys.ingestQueue, 0, 0);
    expectNoSecret(raw ?? '');
    const q = JSON.parse(raw ?? '{}') as Record<string, unknown>;
    expect(q.data).toEqual({ site: 'dc1', creds: [{ user: 'ops' }], deeper: { x: {} } });
    expect(q.API_KEY).toBeUndefined();
  });

  it('the audit row and the alerter DLQ entry carry none of them', async () => {
    await h.start();
    await until(
      () => h.b.queues.depth(h.b.keys.ingestQueue),
      (d) => d === 0,
    );
    const rows = await until(
      () => h.b.store.recentEventAudit(10),
      (r) => r.length === 1,
    );
    expect(rows[0]?.raw_message).toContain('"site":"dc1"');
    expectNoSecret(JSON.stringify(rows));

    // Delete behind the rule cache's back: the audit INSERT now fails for "doomed" events, which end in the DLQ.
    await h.b.sql.query('DELETE FROM alert_rules WHERE id = $1', [doomedId]);
    expect((await post(eventWithSecrets('doomed event'))).statusCode).toBe(200);
    const dlq = await until(
      () => h.b.queues.range(h.b.keys.dlq('alerter'), 0, -1),
      (x) => x.length === 1,
    );
    expect(JSON.parse(dlq[0] ?? '{}')).toMatchObject({ _dlq_reason: 'processing_exception', data: { site: 'dc1' } });
    expectNoSecret(dlq.join('\n'));
  });

  it('a DLQ entry strips nested secrets even for an event that bypassed the ingestor', async () => {
    const cid = randomUUID();
    const bypass: Record<string, unknown> = { ...eventWithSecrets(''), correlation_id: cid, _correlation_id: cid };
    delete bypass.message;
    await h.b.queues.push(h.b.keys.ingestQueue, [JSON.stringify(bypass)]);
    const dlq = await until(
      () => h.b.queues.range(h.b.keys.dlq('alerter'), 0, -1),
      (x) => x.some((e) => e.includes(cid)),
    );
    const entry = dlq.find((e) => e.includes(cid)) ?? '';
    expect(JSON.parse(entry)).toMatchObject({ _dlq_reason: 'missing_fields', data: { site: 'dc1', creds: [{ user: 'ops' }] } });
    expectNoSecret(entry);
  });
});
