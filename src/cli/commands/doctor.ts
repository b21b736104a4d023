// `mutt doctor`: walks the guide's Quick Diagnosis Decision Tree (TROUBLESHOOTING_GUIDE.md) over the same data as
// `mutt status`: ingestor receiving? ingest queue growing? alerter consuming? alerts reaching Moog?
// Prints `[OK] …` / `[WARN] …` lines and a summary; exit 1 only when a connectivity check fails (operations C9).
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { resolveProfile, type Config } from '../../config/load.js';
import { loadCliConfig, type GlobalOptions } from '../context.js';
import { collectStatus, openBackends, THRESHOLDS, type StatusReport } from './status.js';

type Globals = (cmd: Command) => GlobalOptions;

export interface DoctorLine {
  level: 'OK' | 'WARN' | 'FAIL';
  text: string;
}

export interface DoctorResult {
  lines: DoctorLine[];
  warnings: number;
  connectivityFailed: boolean;
}

const MIN_NODE_MAJOR = 20;

/** The decision tree over two samples of the status `sampleMs` apart (the second only tells queue growth). */
export function diagnose(
  first: StatusReport,
  second: StatusReport,
  sampleMs: number,
  nodeVersion = process.versions.node,
): DoctorResult {
  const lines: DoctorLine[] = [];
  let connectivityFailed = false;
  const ok = (text: string): number => lines.push({ level: 'OK', text });
  const warn = (text: string): number => lines.push({ level: 'WARN', text });
  const failConn = (text: string): void => {
    connectivityFailed = true;
    lines.push({ level: 'FAIL', text });
  };
  const svc = (name: string) => first.services.find((s) => s.service === name);
  const healthText = (name: string): string => {
    const s = svc(name);
    return s
      ? s.status === 'down'
        ? `not reachable at ${s.url} (${s.error})`
        : `unhealthy at ${s.url} (HTTP ${s.http_status})`
      : 'not probed';
  };

  const major = Number(nodeVersion.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) ok(`Node.js ${nodeVersion}`);
  else warn(`Node.js ${nodeVersion} is older than ${MIN_NODE_MAJOR}`);

  // Connectivity: the only checks that fail the command.
  const infra = first.infrastructure;
  const qName = first.profile === 'embedded' ? 'Queue back end (PGlite)' : 'Redis';
  const dName = first.profile === 'embedded' ? 'Database (PGlite)' : 'PostgreSQL';
  if (first.profile === 'embedded' && infra.queue_backend === null)
    failConn(`Running stack not readable over HTTP: ${infra.error ?? 'no answer'} (is \`mutt start\` running?)`);
  else {
    if (infra.queue_backend) ok(`${qName} answers`);
    else failConn(`${qName} not reachable${infra.error ? `: ${infra.error}` : ''}`);
    if (infra.database) ok(`${dName} answers`);
    else failConn(`${dName} not reachable${infra.error ? `: ${infra.error}` : ''}`);
  }

  // 1. Is the ingestor receiving requests?
  if (svc('ingestor')?.status === 'healthy') ok('Ingestor /health is healthy');
  else warn(`Ingestor ${healthText('ingestor')}: check the service, firewall (port open?), Vault and Redis`);
  const recent = first.ingested_last_minutes;
  if (recent !== null) {
    const total = recent.reduce((a, b) => a + b, 0);
    if (total > 0) ok(`Ingestor received ${total} event(s) in the last ${recent.length} minute(s)`);
    else warn(`No events ingested in the last ${recent.length} minute(s): check senders, firewall, the ingest API key`);
  }

  // 2. Are events piling up in the ingest queue?
  const d1 = first.queues.ingest;
  const d2 = second.queues.ingest;
  if (d1 === null || d1 === undefined || d2 === null || d2 === undefined) warn('Ingest queue depth unknown');
  else if (d2 > d1 && d2 > 0)
    warn(`Ingest queue growing: ${d1} → ${d2} in ${sampleMs} ms: alerter slow? check the alerter, PostgreSQL, CPU/memory`);
  else if (d2 > THRESHOLDS.ingestQueue)
    warn(`Ingest queue depth ${d2} > ${THRESHOLDS.ingestQueue} (not growing): alerter is behind`);
  else ok(`Ingest queue not growing (${d1} → ${d2} in ${sampleMs} ms)`);

  // 3. Is the alerter consuming?
  if (svc('alerter')?.status === 'healthy') ok('Alerter /health is healthy');
  else warn(`Alerter ${healthText('alerter')}: events stay in the ingest queue`);
  const stranded = (first.processing ?? []).filter((p) => p.heartbeat === 'expired' && p.length > 0);
  for (const p of stranded)
    warn(`${p.key} holds ${p.length} message(s) of a dead ${p.service} pod (heartbeat expired); the janitor returns them`);
  if (first.processing !== null && stranded.length === 0) ok('No stranded processing lists');

  // 4. Are alerts reaching Moogsoft?
  if (svc('forwarder')?.status === 'healthy') ok('Moog Forwarder /health is healthy');
  else warn(`Moog Forwarder ${healthText('forwarder')}: alerts stay in the alert queue`);
  const cb = first.circuit_breaker;
  if (cb === null) warn('Circuit breaker state unknown');
  else if (cb.state === 'CLOSED') ok('Circuit breaker CLOSED');
  else
    warn(
      `Circuit breaker ${cb.state}${cb.opened_at ? ` since ${cb.opened_at}` : ''}: Moogsoft failing or unreachable (\`mutt circuit status\`)`,
    );
  const dlqMoog = first.queues.dlq_moog;
  if (dlqMoog === null || dlqMoog === undefined) warn('Moog DLQ depth unknown');
  else if (dlqMoog > THRESHOLDS.dlqMoog) warn(`Moog DLQ depth ${dlqMoog} > ${THRESHOLDS.dlqMoog}: see \`mutt dlq list moog\``);
  else ok(`Moog DLQ depth ${dlqMoog}`);
  const dlqAlerter = first.queues.dlq_alerter;
  if (dlqAlerter !== null && dlqAlerter !== undefined && dlqAlerter > THRESHOLDS.dlqAlerter)
    warn(`Alerter DLQ depth ${dlqAlerter} > ${THRESHOLDS.dlqAlerter}`);
  if (svc('remediation')?.status === 'healthy') ok('Remediation /health is healthy');
  else warn(`Remediation ${healthText('remediation')}: DLQs are not replayed automatically`);
  if (svc('webui')?.status === 'healthy') ok('Web UI /health is healthy');
  else warn(`Web UI ${healthText('webui')}`);

  return { lines, warnings: lines.filter((l) => l.level !== 'OK').length, connectivityFailed };
}

export function formatDoctor(r: DoctorResult): string {
  const body = r.lines.map((l) => `[${l.level}] ${l.text}`).join('\n');
  const summary =
    r.warnings === 0
      ? 'Doctor checks passed.'
      : `Doctor finished with ${r.warnings} warning(s)${r.connectivityFailed ? ' (connectivity failed)' : ''}.`;
  return `${body}\n${summary}\n`;
}

export async function runDoctor(config: Config, opts: { host?: string; sampleMs: number }): Promise<DoctorResult> {
  if (resolveProfile(config) === 'embedded') {
    const first = await collectStatus(config, { host: opts.host });
    await sleep(opts.sampleMs);
    return diagnose(first, await collectStatus(config, { host: opts.host }), opts.sampleMs);
  }
  const opened = await openBackends(config);
  try {
    const first = await collectStatus(config, { host: opts.host, backends: opened.backends });
    // Growth needs a second sample; without back ends the first report already carries the failure.
    if (!opened.backends) return diagnose(first, first, 0);
    await sleep(opts.sampleMs);
    const depth = await opened.backends.queues.depth(opened.backends.keys.ingestQueue).catch(() => null);
    return diagnose(first, { ...first, queues: { ...first.queues, ingest: depth } }, opts.sampleMs);
  } finally {
    await opened.backends?.close().catch(() => undefined);
  }
}

export function registerDoctorCommand(program: Command, globals: Globals): void {
  program
    .command('doctor')
    .description(
      "walk the guide's quick diagnosis tree: [OK]/[WARN] lines; exit 1 when Redis/PostgreSQL (or the running stack) is unreachable",
    )
    .option('--host <host>', 'where the services listen', '127.0.0.1')
    .option('--sample-ms <ms>', 'time between the two ingest-queue samples', '2000')
    .action(async (opts: { host: string; sampleMs: string }, cmd: Command) => {
      const sampleMs = Number(opts.sampleMs);
      if (!Number.isInteger(sampleMs) || sampleMs < 0 || sampleMs > 60_000) {
        process.stderr.write(`Error: --sample-ms must be an integer 0..60000, got "${opts.sampleMs}"\n`);
        process.exit(2);
      }
      const result = await runDoctor(loadCliConfig(globals(cmd)), { host: opts.host, sampleMs });
      process.stdout.write(formatDoctor(result));
      process.exit(result.connectivityFailed ? 1 : 0);
    });
}
