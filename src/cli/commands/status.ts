// `mutt status` (alias `health`), the guide's quick check: /health of every service on the canonical ports, queue
// depths, processing lists with heartbeat liveness, circuit breaker. Exit 0 healthy, 1 degraded.
// Embedded profile: the PGlite data dir belongs to the running `mutt start`, so we only ask its HTTP endpoints
// (/health and the Web UI's /api/v2/overview) and never open the data dir ourselves.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createBackends } from '../../app/backends.js';
import { parseEnvFile, resolveProfile, type Config } from '../../config/load.js';
import { MuttError } from '../../core/errors.js';
import type { WorkerService } from '../../core/keys.js';
import { circuitConfig } from '../../services/runtime/circuit-config.js';
import type { Backends } from '../../ports/backends.js';
import { cliLogger, loadCliConfig, type GlobalOptions } from '../context.js';

type Globals = (cmd: Command) => GlobalOptions;

export interface ServiceHealth {
  service: string;
  url: string;
  status: 'healthy' | 'unhealthy' | 'down';
  http_status?: number;
  error?: string;
}

export interface ProcessingList {
  key: string;
  service: WorkerService;
  pod: string;
  length: number;
  heartbeat: 'alive' | 'expired';
}

export interface StatusReport {
  profile: 'embedded' | 'redis-postgres';
  /** How the data was read: 'backends' (Redis/PostgreSQL ports) or 'http' (embedded: the running process's API). */
  source: 'backends' | 'http';
  healthy: boolean;
  services: ServiceHealth[];
  infrastructure: { queue_backend: boolean | null; database: boolean | null; error?: string };
  queues: Record<string, number | null>;
  processing: ProcessingList[] | null;
  circuit_breaker: { state: string; failures: number | null; opened_at: string | null } | null;
  /** Events counted by the ingest counters in the last full minutes (newest first), when readable. */
  ingested_last_minutes: number[] | null;
  problems: string[];
  notes: string[];
}

/** The guide's alert thresholds for queue and DLQ depths. */
export const THRESHOLDS = { ingestQueue: 10_000, dlqMoog: 100, dlqAlerter: 500 } as const;
const HEALTH_TIMEOUT_MS = 2000;
const WORKERS: readonly WorkerService[] = ['alerter', 'moog', 'remediation'];

export function healthTargets(config: Config, host: string): { service: string; url: string }[] {
  return [
    { service: 'ingestor', url: `http://${host}:${config.ingestorPort}/health` },
    { service: 'alerter', url: `http://${host}:${config.alerterHealthPort}/health` },
    { service: 'forwarder', url: `http://${host}:${config.forwarderHealthPort}/health` },
    { service: 'remediation', url: `http://${host}:${config.remediationHealthPort}/health` },
    { service: 'webui', url: `http://${host}:${config.webuiPort}/health` },
  ];
}

async function probe(t: { service: string; url: string }): Promise<ServiceHealth> {
  try {
    const res = await fetch(t.url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await res.arrayBuffer();
    return { ...t, status: res.status === 200 ? 'healthy' : 'unhealthy', http_status: res.status };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ...t, status: 'down', error: e.cause?.code ?? e.message };
  }
}

/** The Web UI key of the embedded profile: configured, else the generated <dataDir>/keys.env (read-only). */
function webuiKey(config: Config): string | undefined {
  if (config.webuiApiKey) return config.webuiApiKey;
  const file = join(config.dataDir, 'keys.env');
  if (!existsSync(file)) return undefined;
  return parseEnvFile(readFileSync(file, 'utf8')).WEBUI_API_KEY;
}

/** Opens the redis-postgres back ends, or explains why not (status keeps reporting HTTP health either way). */
export async function openBackends(config: Config, timeoutMs = 10_000): Promise<{ backends?: Backends; error?: string }> {
  const logger = cliLogger(config, 'cli');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`back ends did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const opening = createBackends(config, logger, { profile: 'redis-postgres', migrateOnStart: false });
  try {
    return { backends: await Promise.race([opening, timeout]) };
  } catch (err) {
    // A late success must not leak connections that keep the process alive.
    void opening.then(
      (b) => b.close(),
      () => undefined,
    );
    return { error: (err as Error).message };
  } finally {
    clearTimeout(timer);
    logger.flush();
  }
}

function minuteStamps(now: Date, count: number): string[] {
  const base = Math.floor(now.getTime() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => new Date(base - i * 60_000).toISOString().slice(0, 16));
}

async function fromBackends(config: Config, b: Backends, report: StatusReport): Promise<void> {
  const k = b.keys;
  const [queueOk, storeOk] = await Promise.all([b.queueHealthy().catch(() => false), b.storeHealthy().catch(() => false)]);
  report.infrastructure = { queue_backend: queueOk, database: storeOk };
  const names: Record<string, string> = {
    ingest: k.ingestQueue,
    alert: k.alertQueue,
    dlq_moog: k.dlq('moog'),
    dlq_alerter: k.dlq('alerter'),
    dlq_dead: k.dlq('dead'),
  };
  for (const [name, key] of Object.entries(names)) report.queues[name] = await b.queues.depth(key).catch(() => null);
  const lists: ProcessingList[] = [];
  for (const service of WORKERS) {
    const prefix = k.processingPrefix(service);
    for (const key of (await b.queues.listQueues(prefix).catch(() => [])).sort()) {
      const pod = key.slice(prefix.length);
      const [length, beat] = await Promise.all([
        b.queues.depth(key).catch(() => 0),
        b.heartbeats.read(service, pod).catch(() => null),
      ]);
      lists.push({ key, service, pod, length, heartbeat: beat === null ? 'expired' : 'alive' });
    }
  }
  report.processing = lists;
  try {
    const s = await b.circuit.status(await circuitConfig(config, b.configStore));
    report.circuit_breaker = {
      state: s.state,
      failures: s.failures,
      opened_at: s.openedAtMs === null ? null : new Date(s.openedAtMs).toISOString(),
    };
  } catch (err) {
    report.circuit_breaker = { state: 'unknown', failures: null, opened_at: null };
    report.problems.push(`circuit breaker unreadable: ${(err as Error).message}`);
  }
  // Index 0 is the current, partial minute.
  report.ingested_last_minutes = await b.eventCounters.read('1m', minuteStamps(new Date(), 6)).then(
    (m) => m.slice(1),
    () => null,
  );
}

interface Overview {
  queues?: Record<string, number | null>;
  circuit_breaker?: { state?: string; failures?: number; opened_at?: string | null };
  services?: { service: string; queue_backend?: boolean; database?: boolean }[];
}

async function fromHttp(config: Config, host: string, report: StatusReport): Promise<void> {
  report.notes.push(
    'embedded profile: the data dir belongs to the running `mutt start`; read through its HTTP endpoints only (processing lists not shown)',
  );
  const key = webuiKey(config);
  try {
    const res = await fetch(`http://${host}:${config.webuiPort}/api/v2/overview`, {
      headers: key ? { 'X-API-KEY': key } : {},
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS * 2),
    });
    if (res.status !== 200)
      throw new MuttError(
        'MUTT_WEBUI_REQUEST_FAILED',
        `GET /api/v2/overview answered HTTP ${res.status}${key ? '' : ' (no Web UI key found in WEBUI_API_KEY or <MUTT_DATA_DIR>/keys.env)'}`,
      );
    const o = (await res.json()) as Overview;
    const q = o.queues ?? {};
    for (const name of ['ingest', 'alert', 'dlq_moog', 'dlq_alerter', 'dlq_dead']) report.queues[name] = q[name] ?? null;
    const webui = o.services?.find((s) => s.service === 'webui');
    report.infrastructure = { queue_backend: webui?.queue_backend ?? null, database: webui?.database ?? null };
    const cb = o.circuit_breaker;
    report.circuit_breaker = cb
      ? { state: cb.state ?? 'unknown', failures: cb.failures ?? null, opened_at: cb.opened_at ?? null }
      : null;
  } catch (err) {
    report.infrastructure = { queue_backend: null, database: null, error: (err as Error).message };
    report.problems.push(`cannot read the running stack's overview: ${(err as Error).message}`);
  }
}

/** Everything `status` and `doctor` look at, with `problems` filled in; never throws. */
export async function collectStatus(config: Config, opts: { host?: string; backends?: Backends } = {}): Promise<StatusReport> {
  const host = opts.host ?? '127.0.0.1';
  const profile = resolveProfile(config);
  const report: StatusReport = {
    profile,
    source: profile === 'embedded' ? 'http' : 'backends',
    healthy: true,
    services: [],
    infrastructure: { queue_backend: null, database: null },
    queues: {},
    processing: null,
    circuit_breaker: null,
    ingested_last_minutes: null,
    problems: [],
    notes: [],
  };
  const health = Promise.all(healthTargets(config, host).map(probe));
  if (profile === 'embedded') await fromHttp(config, host, report);
  else if (opts.backends) await fromBackends(config, opts.backends, report);
  else {
    const opened = await openBackends(config);
    if (opened.backends) {
      try {
        await fromBackends(config, opened.backends, report);
      } finally {
        await opened.backends.close().catch(() => undefined);
      }
    } else {
      report.infrastructure = { queue_backend: false, database: false, error: opened.error };
      report.problems.push(`cannot open Redis/PostgreSQL: ${opened.error ?? 'unknown error'}`);
    }
  }
  report.services = await health;
  judge(report);
  return report;
}

function judge(r: StatusReport): void {
  for (const s of r.services)
    if (s.status !== 'healthy')
      r.problems.push(`${s.service} ${s.status === 'down' ? 'not reachable' : `unhealthy (HTTP ${s.http_status})`} at ${s.url}`);
  if (r.infrastructure.queue_backend === false)
    r.problems.push(r.profile === 'embedded' ? 'queue back end not answering' : 'Redis not answering');
  if (r.infrastructure.database === false)
    r.problems.push(r.profile === 'embedded' ? 'database not answering' : 'PostgreSQL not answering');
  const q = r.queues;
  if ((q.ingest ?? 0) > THRESHOLDS.ingestQueue) r.problems.push(`ingest queue depth ${q.ingest} > ${THRESHOLDS.ingestQueue}`);
  if ((q.dlq_moog ?? 0) > THRESHOLDS.dlqMoog) r.problems.push(`Moog DLQ depth ${q.dlq_moog} > ${THRESHOLDS.dlqMoog}`);
  if ((q.dlq_alerter ?? 0) > THRESHOLDS.dlqAlerter)
    r.problems.push(`alerter DLQ depth ${q.dlq_alerter} > ${THRESHOLDS.dlqAlerter}`);
  for (const p of r.processing ?? []) {
    if (p.heartbeat === 'expired' && p.length > 0)
      r.problems.push(`${p.key} holds ${p.length} message(s) but its heartbeat expired (the janitor will return them)`);
  }
  const state = r.circuit_breaker?.state;
  if (state !== undefined && state !== 'CLOSED') r.problems.push(`circuit breaker is ${state}`);
  r.healthy = r.problems.length === 0;
}

export function formatStatus(r: StatusReport): string {
  const lines: string[] = [
    `MUTT status (profile ${r.profile}, read via ${r.source === 'http' ? "the running process's HTTP API" : 'Redis/PostgreSQL'})`,
    '',
    'Services:',
  ];
  for (const s of r.services) {
    const detail =
      s.status === 'healthy'
        ? 'Healthy'
        : s.status === 'unhealthy'
          ? `Unhealthy (HTTP ${s.http_status})`
          : `Not reachable (${s.error})`;
    lines.push(`  ${s.status === 'healthy' ? '✓' : '✗'} ${s.service.padEnd(12)} ${detail}  ${s.url}`);
  }
  const yn = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'OK' : 'FAIL');
  lines.push(
    '',
    `Infrastructure: queues ${yn(r.infrastructure.queue_backend)}, database ${yn(r.infrastructure.database)}${r.infrastructure.error ? ` (${r.infrastructure.error})` : ''}`,
  );
  lines.push('', 'Queues:');
  for (const [name, depth] of Object.entries(r.queues)) lines.push(`  ${name.padEnd(12)} ${depth === null ? 'unknown' : depth}`);
  if (r.processing !== null) {
    lines.push('', 'Processing lists:');
    if (r.processing.length === 0) lines.push('  (none)');
    for (const p of r.processing) lines.push(`  ${p.key}  length ${p.length}  heartbeat ${p.heartbeat}`);
  }
  const cb = r.circuit_breaker;
  lines.push(
    '',
    `Circuit breaker: ${cb ? `${cb.state} (failures ${cb.failures ?? '?'}${cb.opened_at ? `, opened ${cb.opened_at}` : ''})` : 'unknown'}`,
  );
  for (const n of r.notes) lines.push(`Note: ${n}`);
  lines.push('', r.healthy ? 'Overall: HEALTHY' : `Overall: DEGRADED\n${r.problems.map((p) => `  - ${p}`).join('\n')}`);
  return `${lines.join('\n')}\n`;
}

export function registerStatusCommand(program: Command, globals: Globals): void {
  program
    .command('status')
    .alias('health')
    .description('health of every service, queue depths, processing lists and the circuit breaker (exit 0 healthy, 1 degraded)')
    .option('--json', 'machine-readable output')
    .option('--host <host>', 'where the services listen', '127.0.0.1')
    .action(async (opts: { json?: boolean; host: string }, cmd: Command) => {
      const report = await collectStatus(loadCliConfig(globals(cmd)), { host: opts.host });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
      process.exit(report.healthy ? 0 : 1);
    });
}
