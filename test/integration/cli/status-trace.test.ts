// `mutt status`, `mutt doctor` and `mutt trace` against real back ends (both profiles) and a real Web UI on a
// free port. Embedded: status/trace read the running process's HTTP API; redis-postgres: the Backends ports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config/load.js';
import { dlqEntry, dlqRawEntry } from '../../../src/core/dlq-entry.js';
import { collectStatus, formatStatus } from '../../../src/cli/commands/status.js';
import { diagnose, formatDoctor } from '../../../src/cli/commands/doctor.js';
import { formatTrace, traceOverHttp, traceWithBackends } from '../../../src/cli/commands/trace.js';
import { freePort } from '../../helpers/processes.js';
import { isRedisProfile } from '../../helpers/backends.js';
import { API_KEY, startHarness, type WebuiHarness } from '../webui/harness.js';

let h: WebuiHarness;
const servers: Record<string, Server> = {};
let config: Config;
let ruleId = 0;
const CID = 'trace-cid-0001';
const cb = { threshold: 2, openMs: 60_000, probeTtlMs: 5000 };

async function healthServer(): Promise<Server> {
  const s = createServer((req, res) => {
    res.statusCode = req.url === '/health' ? 200 : 404;
    res.end('{"status":"healthy"}');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}
const portOf = (s: Server): string => String((s.address() as AddressInfo).port);

beforeAll(async () => {
  h = await startHarness();
  for (const name of ['ingestor', 'alerter', 'forwarder', 'remediation']) servers[name] = await healthServer();
  const webuiPort = await freePort();
  await h.app.listen({ port: webuiPort, host: '127.0.0.1' });
  config = loadConfig({
    ...h.tb.env,
    WEBUI_API_KEY: API_KEY,
    INGESTOR_PORT: portOf(servers.ingestor as Server),
    ALERTER_HEALTH_PORT: portOf(servers.alerter as Server),
    MOOG_FORWARDER_HEALTH_PORT: portOf(servers.forwarder as Server),
    REMEDIATION_HEALTH_PORT: portOf(servers.remediation as Server),
    WEBUI_PORT: String(webuiPort),
  });
  const rule = await h.tb.backends.store.createRule(
    {
      rule_name: 'trace_rule',
      pattern: 'link down',
      trap_oid: null,
      syslog_severity: null,
      match_type: 'contains',
      priority: 1,
      prod_handling: 'Page_and_ticket',
      dev_handling: 'Ignore',
      team_assignment: 'NetOps',
      enabled: true,
    },
    { changedBy: 'test' },
  );
  ruleId = rule.id;
});
afterAll(async () => {
  for (const s of Object.values(servers)) s.close();
  await h?.close();
});

const status = (): ReturnType<typeof collectStatus> => collectStatus(config, isRedisProfile ? { backends: h.tb.backends } : {});

describe('mutt status', () => {
  it('reports healthy services, queue depths and a closed breaker', async () => {
    const { queues, keys } = h.tb.backends;
    await queues.push(keys.ingestQueue, ['{"message":"a"}', '{"message":"b"}', '{"message":"c"}']);
    await queues.push(keys.dlq('moog'), [
      JSON.stringify(dlqEntry({ message: 'x' }, { reason: 'circuit_open', source: 'moog_forwarder', pod: 'p' })),
    ]);
    const r = await status();
    expect(r.source).toBe(isRedisProfile ? 'backends' : 'http');
    expect(r.services.map((s) => [s.service, s.status])).toEqual([
      ['ingestor', 'healthy'],
      ['alerter', 'healthy'],
      ['forwarder', 'healthy'],
      ['remediation', 'healthy'],
      ['webui', 'healthy'],
    ]);
    expect(r.queues).toMatchObject({ ingest: 3, alert: 0, dlq_moog: 1, dlq_alerter: 0, dlq_dead: 0 });
    expect(r.infrastructure).toMatchObject({ queue_backend: true, database: true });
    expect(r.circuit_breaker?.state).toBe('CLOSED');
    expect(r.problems).toEqual([]);
    expect(r.healthy).toBe(true);
    expect(formatStatus(r)).toContain('Overall: HEALTHY');
    if (!isRedisProfile) expect(r.notes.join(' ')).toContain('HTTP endpoints only');
    await queues.purge(keys.ingestQueue);
    await queues.purge(keys.dlq('moog'));
  });

  it('is degraded by a dead service, an open breaker and (redis-postgres) a stranded processing list', async () => {
    const { queues, keys, circuit, heartbeats } = h.tb.backends;
    const alerter = servers.alerter as Server;
    await new Promise<void>((r) => alerter.close(() => r()));
    await circuit.recordFailure(cb, 'm1');
    await circuit.recordFailure(cb, 'm2');
    const src = `${keys.prefix}test:claim-src`;
    await queues.push(src, ['{"message":"stuck","_correlation_id":"stuck-1"}', '{"message":"busy"}']);
    await queues.claim(src, keys.processing('alerter', 'dead-pod'), 1, 0);
    await queues.claim(src, keys.processing('moog', 'live-pod'), 1, 0);
    await heartbeats.beat('moog', 'live-pod', 'instance-1', 30);
    try {
      const r = await status();
      expect(r.healthy).toBe(false);
      expect(r.services.find((s) => s.service === 'alerter')?.status).toBe('down');
      expect(r.circuit_breaker?.state).toBe('OPEN');
      expect(r.problems.some((p) => p.startsWith('alerter not reachable'))).toBe(true);
      expect(r.problems).toContain('circuit breaker is OPEN');
      if (isRedisProfile) {
        expect(r.processing).toEqual([
          { key: keys.processing('alerter', 'dead-pod'), service: 'alerter', pod: 'dead-pod', length: 1, heartbeat: 'expired' },
          { key: keys.processing('moog', 'live-pod'), service: 'moog', pod: 'live-pod', length: 1, heartbeat: 'alive' },
        ]);
        expect(r.problems.filter((p) => p.includes('heartbeat expired'))).toHaveLength(1);
      } else {
        expect(r.processing).toBeNull();
      }
      const d = diagnose(r, { ...r, queues: { ...r.queues, ingest: (r.queues.ingest ?? 0) + 5 } }, 100);
      expect(d.connectivityFailed).toBe(false);
      const text = formatDoctor(d);
      expect(text).toMatch(/\[WARN\] Alerter not reachable/);
      expect(text).toMatch(/\[WARN\] Ingest queue growing/);
      expect(text).toMatch(/\[WARN\] Circuit breaker OPEN/);
      expect(text).toMatch(/\[OK\] Moog Forwarder \/health is healthy/);
      expect(text).toMatch(/Doctor finished with \d+ warning\(s\)\./);
    } finally {
      await circuit.reset();
      await queues.purge(keys.processing('alerter', 'dead-pod'));
      await queues.purge(keys.processing('moog', 'live-pod'));
    }
  });

  it('fails connectivity when the stack (embedded) or PostgreSQL (redis-postgres) cannot be reached', async () => {
    const closed = String(await freePort());
    const broken = loadConfig({
      ...h.tb.env,
      WEBUI_API_KEY: API_KEY,
      ...(isRedisProfile ? { DB_PORT: closed } : { WEBUI_PORT: closed }),
      INGESTOR_PORT: closed,
    });
    const r = await collectStatus(broken);
    expect(r.healthy).toBe(false);
    expect(
      r.problems.some((p) =>
        isRedisProfile ? p.startsWith('cannot open Redis/PostgreSQL') : p.startsWith("cannot read the running stack's overview"),
      ),
    ).toBe(true);
    const d = diagnose(r, r, 0);
    expect(d.connectivityFailed).toBe(true);
    expect(formatDoctor(d)).toContain('[FAIL]');
  });
});

describe('mutt trace', () => {
  it('finds an event in queues, processing lists, DLQs and the audit log, and nothing for an unknown id', async () => {
    const { queues, keys, store } = h.tb.backends;
    const ev = { message: 'link down', hostname: 'r1', _correlation_id: CID };
    await queues.push(keys.ingestQueue, [
      JSON.stringify({ message: `mentions ${CID} but is another event`, _correlation_id: 'other-1' }),
      JSON.stringify(ev),
    ]);
    await queues.push(keys.alertQueue, [
      JSON.stringify({ hostname: 'r1', correlation_id: CID, _correlation_id: CID, severity: 'Critical' }),
    ]);
    const src = `${keys.prefix}test:trace-src`;
    await queues.push(src, [JSON.stringify(ev)]);
    await queues.claim(src, keys.processing('alerter', 'pod-t'), 1, 0);
    await queues.push(keys.dlq('moog'), [
      JSON.stringify(dlqEntry(ev, { reason: 'non_retryable', source: 'moog_forwarder', pod: 'p', statusCode: 422 })),
    ]);
    await queues.push(keys.dlq('alerter'), [
      JSON.stringify(dlqRawEntry(`{"broken ${CID}`, { reason: 'invalid_json', source: 'alerter', pod: 'p' })),
    ]);
    await store.insertEventAudit([
      {
        event_timestamp: new Date('2025-01-02T03:04:05Z'),
        hostname: 'r1',
        matched_rule_id: ruleId,
        handling_decision: 'Page_and_ticket',
        forwarded_to_moog: true,
        raw_message: JSON.stringify(ev),
        correlation_id: CID,
      },
    ]);

    const r = await traceWithBackends(h.tb.backends, CID, 10_000);
    expect(r.found).toBe(true);
    expect(r.queues.map((q) => [q.kind, q.queue, q.index])).toEqual([
      ['ingest', keys.ingestQueue, 0],
      ['processing', keys.processing('alerter', 'pod-t'), 0],
      ['alert', keys.alertQueue, 0],
      ['dlq', keys.dlq('alerter'), 0],
      ['dlq', keys.dlq('moog'), 0],
    ]);
    expect(r.queues.find((q) => q.queue === keys.dlq('moog'))?.reason).toBe('non_retryable');
    expect(r.audit).toEqual([
      {
        id: expect.any(Number),
        event_timestamp: '2025-01-02T03:04:05.000Z',
        hostname: 'r1',
        matched_rule_id: ruleId,
        handling_decision: 'Page_and_ticket',
        forwarded_to_moog: true,
      },
    ]);
    const text = formatTrace(r);
    expect(text).toContain('audited: host r1');
    expect(text).toContain('dead-lettered');

    const none = await traceWithBackends(h.tb.backends, 'no-such-cid', 10_000);
    expect(none.found).toBe(false);
    expect(formatTrace(none)).toContain('Not found');

    // Over the running process's Web UI (the embedded path): audit log and DLQs only.
    const http = await traceOverHttp(config, '127.0.0.1', CID, 10_000);
    expect(http.audit).toHaveLength(1);
    expect(http.queues.map((q) => q.queue).sort()).toEqual([keys.dlq('alerter'), keys.dlq('moog')].sort());
    expect(http.notes[0]).toContain('not visible');
  });

  it('bounds the scan and says when a list was truncated', async () => {
    const { queues, keys } = h.tb.backends;
    await queues.purge(keys.ingestQueue);
    // The wanted event is the oldest of five: outside a 3-entry scan.
    await queues.push(keys.ingestQueue, [
      JSON.stringify({ message: 'old', _correlation_id: 'deep-1' }),
      ...['a', 'b', 'c', 'd'].map((m) => JSON.stringify({ message: m })),
    ]);
    const short = await traceWithBackends(h.tb.backends, 'deep-1', 3);
    expect(short.queues).toEqual([]);
    expect(short.scanned.find((s) => s.queue === keys.ingestQueue)).toEqual({
      queue: keys.ingestQueue,
      depth: 5,
      scanned: 3,
      truncated: true,
    });
    expect(short.notes.join('\n')).toContain('scanned the newest 3 of 5');
    const full = await traceWithBackends(h.tb.backends, 'deep-1', 5);
    expect(full.queues.map((q) => q.index)).toEqual([4]);
    await queues.purge(keys.ingestQueue);
  });
});
