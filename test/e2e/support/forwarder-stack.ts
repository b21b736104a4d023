// Real-process harness for forwarder/remediation acceptance tests: a throwaway PostgreSQL database and Redis key
// prefix, `mutt migrate`, mock-moog in its own process, `mutt forwarder` / `mutt remediation` processes, and an
// in-test Backends handle (same prefix) to push alerts and read queues. Ends only the processes it started.
import { randomBytes } from 'node:crypto';
import { createBackends } from '../../../src/app/backends.js';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Backends } from '../../../src/ports/backends.js';
import { createTestDatabase, deleteRedisKeys, PG_ADMIN } from '../../helpers/backends.js';
import { freePort, freeServicePorts, spawnMutt, stopAll, waitFor, type MuttProcess } from '../../helpers/processes.js';

export interface MockStats {
  count: number;
  unique: number;
  duplicates: number;
  requests: number;
  by_status: Record<string, number>;
  max_per_second: number;
}

export interface MockEvent {
  external_id: string;
  received_at: string;
  /** When mock-moog parsed the request's headers: what a limit enforced on arrival counts. */
  arrived_at: string;
  event: Record<string, unknown>;
}

/** HTTP handle on a `mutt mock-moog` process. */
export class MockMoogClient {
  constructor(readonly baseUrl: string) {}

  get webhook(): string {
    return `${this.baseUrl}/webhook`;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, init);
    if (!res.ok) throw new Error(`mock-moog ${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  stats(): Promise<MockStats> {
    return this.json('/stats');
  }

  events(limit = 100_000): Promise<MockEvent[]> {
    return this.json(`/events?limit=${limit}`);
  }

  /** Requests per external_id whatever the answer (rejections included). */
  attempts(match = ''): Promise<Record<string, number>> {
    return this.json(`/attempts?match=${encodeURIComponent(match)}`);
  }

  control(patch: Record<string, unknown>): Promise<MockStats> {
    return this.json('/control', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
  }
}

/** A valid alert (alerter → forwarder contract, docs/decisions.md D4) with its own correlation id. */
export function alertBody(id: string, message = `LINK-DOWN ${id}`): string {
  return JSON.stringify({
    hostname: 'router-01',
    team_assignment: 'NetOps',
    severity: 'Major',
    message_body: message,
    raw_json: { hostname: 'router-01', message },
    correlation_id: id,
    _correlation_id: id,
    rule_id: 1,
    rule_name: 'link-down',
    handling_decision: 'Page_and_ticket',
    environment: 'production',
  });
}

/** Reads one sample of a Prometheus text exposition (labels matched as a substring of the label set). */
export function metricValue(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    const m = /^(?:\{([^}]*)\})?\s+(\S+)/.exec(rest);
    if (m === null) continue;
    if (labels !== '' && !(m[1] ?? '').includes(labels)) continue;
    return Number(m[2]);
  }
  return undefined;
}

export async function scrape(port: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.text();
}

export interface ServiceProc {
  readonly proc: MuttProcess;
  readonly ports: Record<string, string>;
  readonly metricsPort: string;
}

export class ForwarderStack {
  readonly procs: MuttProcess[] = [];
  mock!: MockMoogClient;
  mockProc!: MuttProcess;
  backends!: Backends;
  private dropDb: (() => Promise<void>) | null = null;

  private constructor(
    readonly env: Record<string, string>,
    readonly prefix: string,
  ) {}

  /** Throwaway database + key prefix, migrated with `mutt migrate`, and a mock-moog process. */
  static async create(tag: string, mockArgs: string[] = []): Promise<ForwarderStack> {
    const db = await createTestDatabase(tag);
    const prefix = `mutt_t_${tag}_${randomBytes(4).toString('hex')}:`;
    const env: Record<string, string> = {
      MUTT_PROFILE: 'redis-postgres',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      REDIS_KEY_PREFIX: prefix,
      DB_HOST: PG_ADMIN.host,
      DB_PORT: String(PG_ADMIN.port),
      DB_USER: PG_ADMIN.user,
      DB_NAME: db.name,
      LOG_EVENT_LINES: 'false',
    };
    const s = new ForwarderStack(env, prefix);
    s.dropDb = db.drop;
    const migrate = spawnMutt(['migrate'], env);
    const code = await migrate.exited;
    if (code !== 0) throw new Error(`mutt migrate exited ${code}: ${migrate.output()}`);
    s.backends = await createBackends(loadConfig(env), silentLogger(), { profile: 'redis-postgres' });
    const mockPort = String(await freePort());
    s.mockProc = spawnMutt(['mock-moog', '--host', '127.0.0.1', '--port', mockPort, ...mockArgs], env);
    s.procs.push(s.mockProc);
    await s.mockProc.waitForOutput(/Mock Moogsoft listening/, 20_000);
    s.mock = new MockMoogClient(`http://127.0.0.1:${mockPort}`);
    return s;
  }

  /** `mutt forwarder` with its own ports and POD_NAME; resolves once it logged its start line. */
  async forwarder(pod: string, extra: Record<string, string> = {}): Promise<ServiceProc> {
    const ports = await freeServicePorts();
    const proc = spawnMutt(['forwarder'], {
      ...this.env,
      ...ports,
      POD_NAME: pod,
      MOOG_WEBHOOK_URL: this.mock.webhook,
      ...extra,
    });
    this.procs.push(proc);
    await proc.waitForOutput(/Moog forwarder started/, 30_000);
    return { proc, ports, metricsPort: ports.MOOG_FORWARDER_METRICS_PORT as string };
  }

  async remediation(extra: Record<string, string> = {}): Promise<ServiceProc> {
    const ports = await freeServicePorts();
    const proc = spawnMutt(['remediation'], {
      ...this.env,
      ...ports,
      POD_NAME: 'remediation-e2e',
      MOOG_WEBHOOK_URL: this.mock.webhook,
      ...extra,
    });
    this.procs.push(proc);
    await proc.waitForOutput(/Remediation started/, 30_000);
    return { proc, ports, metricsPort: ports.REMEDIATION_METRICS_PORT as string };
  }

  /** Pushes alerts in chunks (LPUSH order: the first is consumed first). */
  async pushAlerts(bodies: readonly string[], chunk = 1000): Promise<void> {
    for (let i = 0; i < bodies.length; i += chunk)
      await this.backends.queues.push(this.backends.keys.alertQueue, bodies.slice(i, i + chunk));
  }

  async depths(): Promise<{ alert: number; dlqMoog: number; dlqDead: number; retry: number; processing: number }> {
    const b = this.backends;
    const lists = await b.queues.listQueues(b.keys.processingPrefix('moog'));
    const processing = (await Promise.all(lists.map((l) => b.queues.depth(l)))).reduce((a, n) => a + n, 0);
    const [alert, dlqMoog, dlqDead, retry] = await Promise.all([
      b.queues.depth(b.keys.alertQueue),
      b.queues.depth(b.keys.dlq('moog')),
      b.queues.depth(b.keys.dlq('dead')),
      b.retrySchedule.size(),
    ]);
    return { alert, dlqMoog, dlqDead, retry, processing };
  }

  async dlq(name: 'moog' | 'dead'): Promise<Record<string, unknown>[]> {
    return (await this.backends.queues.range(this.backends.keys.dlq(name), 0, -1)).map(
      (s) => JSON.parse(s) as Record<string, unknown>,
    );
  }

  /** Waits until the mock accepted every id; returns missing ids on timeout instead of throwing, so tests can print them. */
  async waitAllDelivered(ids: readonly string[], timeoutMs: number): Promise<string[]> {
    const want = new Set(ids);
    try {
      await waitFor(async () => (await this.mock.stats()).unique >= want.size, timeoutMs, `${want.size} unique deliveries`, 250);
    } catch {
      // fall through: the caller reports exactly which ids are missing
    }
    const got = new Set((await this.mock.events()).map((e) => e.external_id));
    return ids.filter((id) => !got.has(id));
  }

  /** Output of every process, for failure messages. */
  tail(chars = 2000): string {
    return this.procs.map((p) => `--- pid ${p.pid}\n${p.output().slice(-chars)}`).join('\n');
  }

  async close(): Promise<void> {
    await stopAll(this.procs);
    await this.backends?.close().catch(() => undefined);
    await deleteRedisKeys(this.prefix).catch(() => undefined);
    await this.dropDb?.().catch(() => undefined);
  }
}
