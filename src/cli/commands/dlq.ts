// `mutt dlq list|show|replay|purge <queue>` and `mutt circuit status|reset`.
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { circuitReset, circuitStatus, dlqList, dlqPurge, dlqReplay, dlqShow, type DlqOptions } from '../dlq/dlq-tools.js';
import { cliActor } from '../config/config-commands.js';
import type { Backends } from '../../ports/backends.js';
import { fail, loadCliConfig, type GlobalOptions } from '../context.js';
import { withBackends } from '../with-backends.js';

type Globals = (cmd: Command) => GlobalOptions;

interface FilterFlags {
  reason?: string;
  olderThan?: string;
  limit?: string;
  json?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

const QUEUE_HELP = 'alerter | moog | dead | old_events (or a full key such as mutt:dlq:moog)';

/** "90s", "15m", "2h", "7d" or plain seconds. */
export function parseAge(v: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(v.trim());
  if (!m) fail(`--older-than must look like 90s, 15m, 2h or 7d, got "${v}"`, 2);
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * mult;
}

function shortName(q: string): string {
  return q.replace(/^mutt:dlq:/, '');
}

function options(f: FilterFlags): DlqOptions {
  const limit = f.limit === undefined ? undefined : Number(f.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    fail(`--limit must be a positive integer, got "${f.limit}"`, 2);
  return {
    reason: f.reason,
    olderThanSeconds: f.olderThan === undefined ? undefined : parseAge(f.olderThan),
    limit,
    json: f.json === true,
    dryRun: f.dryRun === true,
  };
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--reason <reason>', 'only entries with this _dlq_reason (or _dead_reason)')
    .option('--older-than <age>', 'only entries older than this (90s, 15m, 2h, 7d)')
    .option('--limit <n>', 'at most this many entries')
    .option('--json', 'JSON output');
}

function progress(b: Backends, opts: DlqOptions, total: { bar?: SingleBar }): DlqOptions {
  return {
    ...opts,
    onProgress: (done, all) => {
      if (all < 100 || opts.json || !process.stderr.isTTY) return;
      if (!total.bar) {
        total.bar = new SingleBar({ stream: process.stderr }, Presets.shades_classic);
        total.bar.start(all, 0);
      }
      total.bar.update(done);
    },
    audit: async (action, queue, entry, target) => {
      await b.store.recordConfigChange(
        'dlq',
        0,
        action === 'purge' ? 'DELETE' : 'UPDATE',
        { queue, action, entry: entry.slice(0, 2000) },
        target ? { target } : null,
        {
          changedBy: cliActor(),
          reason: `dlq ${action}`,
        },
      );
    },
  };
}

export function registerDlqCommands(program: Command, globals: Globals): void {
  const dlq = program.command('dlq').description('inspect, replay and purge dead-letter queues (mutt:dlq:*)');
  const out = (s: string): void => void process.stdout.write(`${s}\n`);

  withFilters(dlq.command('list').description('list entries, newest first').argument('<queue>', QUEUE_HELP)).action(
    async (queue: string, f: FilterFlags, cmd: Command) => {
      await withBackends(loadCliConfig(globals(cmd)), (b) => dlqList(b, shortName(queue), options(f), out));
    },
  );

  dlq
    .command('show')
    .description('print one entry in full')
    .argument('<queue>', QUEUE_HELP)
    .argument('[index]', 'position, 0 = newest', '0')
    .action(async (queue: string, index: string, _f: unknown, cmd: Command) => {
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0) fail(`index must be a non-negative integer, got "${index}"`, 2);
      const found = await withBackends(loadCliConfig(globals(cmd)), (b) => dlqShow(b, shortName(queue), i, out));
      if (!found) fail(`no entry at index ${i} in ${queue}`);
    });

  withFilters(
    dlq
      .command('replay')
      .description('move entries back to the queue they came from (_dlq_source), counters reset')
      .argument('<queue>', QUEUE_HELP),
  )
    .option('--dry-run', 'show what would be replayed, change nothing')
    .action(async (queue: string, f: FilterFlags, cmd: Command) => {
      const state: { bar?: SingleBar } = {};
      const res = await withBackends(loadCliConfig(globals(cmd)), (b) =>
        dlqReplay(b, shortName(queue), progress(b, options(f), state), out),
      );
      state.bar?.stop();
      if (res.failed > 0) process.exit(1);
    });

  withFilters(dlq.command('purge').description('delete entries (needs --yes unless --dry-run)').argument('<queue>', QUEUE_HELP))
    .option('--dry-run', 'count what would be purged, change nothing')
    .addOption(new Option('--yes', 'confirm the purge'))
    .action(async (queue: string, f: FilterFlags, cmd: Command) => {
      if (!f.yes && !f.dryRun) fail('purge deletes entries for good: add --yes (or try --dry-run first)', 2);
      const state: { bar?: SingleBar } = {};
      await withBackends(loadCliConfig(globals(cmd)), (b) => dlqPurge(b, shortName(queue), progress(b, options(f), state), out));
      state.bar?.stop();
    });

  const circuit = program.command('circuit').description('the shared Moogsoft circuit breaker (mutt:circuit_breaker:moogsoft:*)');
  circuit
    .command('status')
    .argument('[name]', 'breaker name', 'moogsoft')
    .option('--json', 'JSON output')
    .action(async (_name: string, f: { json?: boolean }, cmd: Command) => {
      const config = loadCliConfig(globals(cmd));
      await withBackends(config, (b) => circuitStatus(b, config, f.json === true, out));
    });
  circuit
    .command('reset')
    .argument('[name]', 'breaker name', 'moogsoft')
    .description('close the breaker now (state CLOSED, failures 0)')
    .action(async (_name: string, _f: unknown, cmd: Command) => {
      await withBackends(loadCliConfig(globals(cmd)), (b) => circuitReset(b, out));
    });
}
