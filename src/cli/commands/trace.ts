// `mutt trace <correlation_id>`: where is this event now, and what happened to it? Scans the ingest and alert
// queues, every processing list and the DLQs (bounded: newest N entries per list, reported when truncated) and
// reads event_audit_log by correlation id, then prints one timeline.
// Embedded profile: the running `mutt start` owns the PGlite data dir, so only its Web UI API is asked
// (event audit and DLQs); queues and processing lists are not visible that way and the output says so.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseEnvFile, resolveProfile, type Config } from '../../config/load.js';
import { correlationIdOf } from '../../core/correlation.js';
import { parseQueued } from '../../core/dlq-entry.js';
import { MuttError } from '../../core/errors.js';
import type { DlqName, WorkerService } from '../../core/keys.js';
import type { Backends } from '../../ports/backends.js';
import { fail, loadCliConfig, type GlobalOptions } from '../context.js';
import { withBackends } from '../with-backends.js';

type Globals = (cmd: Command) => GlobalOptions;

export interface QueueHit {
  queue: string;
  kind: 'ingest' | 'alert' | 'processing' | 'dlq';
  /** Position from the newest end (LRANGE index). */
  index: number;
  reason: string | null;
  at: string | null;
  body: string;
}

export interface ScannedList {
  queue: string;
  depth: number;
  scanned: number;
  truncated: boolean;
}

export interface AuditHit {
  id: number;
  event_timestamp: string;
  hostname: string;
  matched_rule_id: number;
  handling_decision: string;
  forwarded_to_moog: boolean;
}

export interface TraceReport {
  correlation_id: string;
  profile: 'embedded' | 'redis-postgres';
  found: boolean;
  audit: AuditHit[];
  queues: QueueHit[];
  scanned: ScannedList[];
  notes: string[];
}

const CHUNK = 1000;
const DLQS: readonly DlqName[] = ['alerter', 'moog', 'dead', 'old_events'];
const WORKERS: readonly WorkerService[] = ['alerter', 'moog', 'remediation'];

function matches(body: string, id: string): boolean {
  // Cheap substring test first: JSON.parse only the few candidates.
  if (!body.includes(id)) return false;
  const p = parseQueued(body);
  if (!p.ok) return true;
  if (correlationIdOf(p.value) === id) return true;
  // `_raw` DLQ entries keep the unparsable input as text.
  return typeof p.value._raw === 'string' && p.value._raw.includes(id);
}

function hitOf(queue: string, kind: QueueHit['kind'], index: number, body: string): QueueHit {
  const p = parseQueued(body);
  const e = p.ok ? p.value : {};
  const str = (k: string): string | null => (typeof e[k] === 'string' ? (e[k] as string) : null);
  return {
    queue,
    kind,
    index,
    reason: str('_dead_reason') ?? str('_dlq_reason'),
    at: str('_dead_at') ?? str('_dlq_at') ?? str('_replayed_at'),
    body,
  };
}

/** Newest `limit` entries of one list, read in chunks. */
async function scanList(
  b: Backends,
  queue: string,
  kind: QueueHit['kind'],
  id: string,
  limit: number,
  report: TraceReport,
): Promise<void> {
  const depth = await b.queues.depth(queue);
  if (depth === 0) return;
  const upto = Math.min(depth, limit);
  for (let start = 0; start < upto; start += CHUNK) {
    const bodies = await b.queues.range(queue, start, Math.min(start + CHUNK, upto) - 1);
    bodies.forEach((body, i) => {
      if (matches(body, id)) report.queues.push(hitOf(queue, kind, start + i, body));
    });
    if (bodies.length < CHUNK) break;
  }
  report.scanned.push({ queue, depth, scanned: upto, truncated: depth > upto });
}

function auditHit(r: {
  id: number;
  event_timestamp: Date | string;
  hostname: string;
  matched_rule_id: number;
  handling_decision: string;
  forwarded_to_moog: boolean;
}): AuditHit {
  return {
    id: r.id,
    event_timestamp: new Date(r.event_timestamp).toISOString(),
    hostname: r.hostname,
    matched_rule_id: r.matched_rule_id,
    handling_decision: r.handling_decision,
    forwarded_to_moog: r.forwarded_to_moog,
  };
}

export async function traceWithBackends(b: Backends, id: string, scanLimit: number): Promise<TraceReport> {
  const report: TraceReport = {
    correlation_id: id,
    profile: b.profile,
    found: false,
    audit: [],
    queues: [],
    scanned: [],
    notes: [],
  };
  const k = b.keys;
  await scanList(b, k.ingestQueue, 'ingest', id, scanLimit, report);
  for (const service of WORKERS) {
    for (const key of (await b.queues.listQueues(k.processingPrefix(service))).sort())
      await scanList(b, key, 'processing', id, scanLimit, report);
  }
  await scanList(b, k.alertQueue, 'alert', id, scanLimit, report);
  for (const name of DLQS) await scanList(b, k.dlq(name), 'dlq', id, scanLimit, report);
  const page = await b.store.queryEventAudit({ page: 1, limit: 100, correlationId: id });
  report.audit = page.items.map(auditHit).reverse();
  if (page.total > page.items.length)
    report.notes.push(`event audit: showing the newest ${page.items.length} of ${page.total} rows`);
  finish(report);
  return report;
}

function webuiKey(config: Config): string | undefined {
  if (config.webuiApiKey) return config.webuiApiKey;
  const file = join(config.dataDir, 'keys.env');
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')).WEBUI_API_KEY : undefined;
}

/** Embedded: ask the running process's Web UI (audit log filter and DLQ pages). */
export async function traceOverHttp(config: Config, host: string, id: string, scanLimit: number): Promise<TraceReport> {
  const report: TraceReport = {
    correlation_id: id,
    profile: 'embedded',
    found: false,
    audit: [],
    queues: [],
    scanned: [],
    notes: [],
  };
  report.notes.push(
    "embedded profile: read through the running process's Web UI API (event audit and DLQs); ingest/alert queues and processing lists are not visible from outside that process",
  );
  const key = webuiKey(config);
  const base = `http://${host}:${config.webuiPort}/api/v2`;
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${path}`, { headers: key ? { 'X-API-KEY': key } : {}, signal: AbortSignal.timeout(5000) });
    if (res.status !== 200) throw new MuttError('MUTT_WEBUI_REQUEST_FAILED', `GET ${path} answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const logs = (await get(`/audit-logs?correlation_id=${encodeURIComponent(id)}&limit=100`)).logs as AuditHit[];
  report.audit = logs.map(auditHit).reverse();
  for (const name of DLQS) {
    let scanned = 0;
    let depth = 0;
    for (let page = 1; scanned < scanLimit; page++) {
      const r = await get(`/dlq/${name}?page=${page}&limit=200`);
      depth = Number(r.depth ?? 0);
      const entries = (r.entries ?? []) as { index: number; body: string }[];
      for (const e of entries)
        if (scanned++ < scanLimit && matches(e.body, id)) report.queues.push(hitOf(String(r.queue), 'dlq', e.index, e.body));
      if (entries.length < 200) break;
    }
    if (depth > 0)
      report.scanned.push({
        queue: `mutt:dlq:${name}`,
        depth,
        scanned: Math.min(depth, scanLimit),
        truncated: depth > scanLimit,
      });
  }
  finish(report);
  return report;
}

function finish(r: TraceReport): void {
  r.found = r.audit.length > 0 || r.queues.length > 0;
  for (const s of r.scanned)
    if (s.truncated)
      r.notes.push(`${s.queue}: scanned the newest ${s.scanned} of ${s.depth} entries (raise --scan-limit to look further)`);
}

const WHERE: Record<QueueHit['kind'], string> = {
  ingest: 'waiting in the ingest queue for the alerter',
  processing: 'claimed by a worker (in its processing list)',
  alert: 'waiting in the alert queue for the Moog Forwarder',
  dlq: 'dead-lettered',
};

export function formatTrace(r: TraceReport): string {
  const lines = [`Trace of correlation_id ${r.correlation_id} (profile ${r.profile})`, ''];
  const events: { at: string; text: string }[] = r.audit.map((a) => ({
    at: a.event_timestamp,
    text: `audited: host ${a.hostname}, rule ${a.matched_rule_id}, decision ${a.handling_decision}, ${a.forwarded_to_moog ? 'forwarded to Moog' : 'not forwarded'} (audit id ${a.id})`,
  }));
  for (const q of r.queues)
    events.push({
      at: q.at ?? '',
      text: `${WHERE[q.kind]}: ${q.queue} index ${q.index}${q.reason ? `, reason ${q.reason}` : ''}`,
    });
  events.sort((a, b) => (a.at === b.at ? 0 : a.at === '' ? 1 : b.at === '' ? -1 : a.at < b.at ? -1 : 1));
  if (events.length === 0) lines.push('Not found in any scanned queue, processing list, DLQ or the event audit log.');
  else {
    lines.push('Timeline:');
    for (const e of events) lines.push(`  ${(e.at || 'now (queued)').padEnd(24)} ${e.text}`);
  }
  const searched = r.scanned.map((s) => `${s.queue} (${s.scanned}/${s.depth})`);
  lines.push('', `Searched lists: ${searched.length === 0 ? 'all empty' : searched.join(', ')}`);
  for (const n of r.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

export function registerTraceCommand(program: Command, globals: Globals): void {
  program
    .command('trace')
    .description('find one event by correlation id: queues, processing lists, DLQs and the event audit log, as a timeline')
    .argument('<correlation_id>')
    .option('--json', 'machine-readable output')
    .option('--scan-limit <n>', 'newest entries scanned per list', '10000')
    .option('--host <host>', 'embedded profile: where the Web UI listens', '127.0.0.1')
    .action(async (id: string, opts: { json?: boolean; scanLimit: string; host: string }, cmd: Command) => {
      const limit = Number(opts.scanLimit);
      if (!Number.isInteger(limit) || limit < 1) fail(`--scan-limit must be a positive integer, got "${opts.scanLimit}"`, 2);
      const config = loadCliConfig(globals(cmd));
      let report: TraceReport;
      try {
        report =
          resolveProfile(config) === 'embedded'
            ? await traceOverHttp(config, opts.host, id, limit)
            : await withBackends(config, (b) => traceWithBackends(b, id, limit));
      } catch (err) {
        fail((err as Error).message);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatTrace(report));
      process.exit(report.found ? 0 : 1);
    });
}
