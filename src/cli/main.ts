// The `mutt` (alias `muttdev`) executable.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { ServiceName } from '../services/runtime/service-contract.js';
import { createPgClient } from '../adapters/sql/pg-client.js';
import { migrate } from '../adapters/sql/migrator.js';
import { MuttError } from '../core/errors.js';
import { cliEnv, cliLogger, fail, loadCliConfig, type GlobalOptions } from './context.js';
import { runServices, SERVICE_ORDER } from './run-services.js';
import { defaultIngestKey, parseEventFile, sendEvents, syntheticEvents } from './commands/send.js';
import { runStart } from './commands/start.js';
import { registerOperatorCommands } from './commands/operator.js';

const VERSION = '2.5.0';

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new MuttError('MUTT_USAGE', `${name} must be a positive integer, got "${v}"`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command('mutt')
    .description(
      'MUTT: receives syslog and SNMP-trap events, applies operator rules, audits every decision in PostgreSQL and delivers alerts to Moogsoft.',
    )
    .version(`muttdev ${VERSION}`, '-V, --version')
    .option(
      '--env-file <path>',
      'read settings from this env file (default /etc/mutt/mutt.env when present); the environment wins',
    )
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Profiles:
  embedded         one process on PGlite under MUTT_DATA_DIR (default for "mutt start")
  redis-postgres   Redis + PostgreSQL; used when REDIS_HOST / DB_HOST is set, and always by single-service commands

Examples:
  mutt start --demo                     embedded stack with example rules and a mock Moogsoft on :8888
  mutt send --generate 1000             post 1,000 synthetic events to the local ingestor
  mutt ingestor --workers 2             one service per process (production profile)
  mutt config --set alerter_queue_shed_threshold 5000 --publish
  mutt dlq list mutt:dlq:moog --json`,
    );

  program
    .command('start')
    .description('run all five services in one process (embedded profile unless Redis/PostgreSQL is configured)')
    .option('--demo', 'seed example rules and run a mock Moogsoft on MOCK_MOOG_PORT (8888), with MOOG_WEBHOOK_URL pointing at it')
    .action(async (opts: { demo?: boolean }, cmd: Command) => {
      await runStart(loadCliConfig(globals(cmd)), { demo: opts.demo === true, env: cliEnv(globals(cmd)) });
    });

  const single = (name: ServiceName, description: string): Command =>
    program
      .command(name)
      .description(`${description} (redis-postgres profile; set REDIS_HOST and DB_HOST)`)
      .action(async (_opts: unknown, cmd: Command) => {
        await runServices(loadCliConfig(globals(cmd)), [name], { profile: 'redis-postgres', env: cliEnv(globals(cmd)) });
      });
  single('alerter', 'run the Alerter: rules, audit, unhandled meta-alerts, backpressure');
  single('forwarder', 'run the Moog Forwarder: rate-limited, retried, circuit-broken delivery');
  single('remediation', 'run the Remediation service: replays DLQs when Moogsoft is healthy');
  single('webui', 'run the Web UI and management API');
  program
    .command('ingestor')
    .description('run the Ingestor HTTP API (redis-postgres profile)')
    .addOption(
      new Option('--workers <n>', 'worker processes sharing the port (default INGESTOR_WORKERS)').argParser(
        positiveInt('--workers'),
      ),
    )
    .action(async (opts: { workers?: number }, cmd: Command) => {
      const config = loadCliConfig(globals(cmd));
      const { runIngestorWorkers } = await import('./commands/ingestor-workers.js');
      await runIngestorWorkers(config, opts.workers ?? config.ingestorWorkers, cliEnv(globals(cmd)));
    });

  program
    .command('migrate')
    .description('apply pending database migrations (PostgreSQL; embedded start migrates itself)')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = loadCliConfig(globals(cmd));
      const logger = cliLogger(config, 'cli');
      const sql = createPgClient(config, logger);
      try {
        const { applied } = await migrate(sql, logger);
        process.stdout.write(applied.length === 0 ? 'Schema is up to date.\n' : `Applied: ${applied.join(', ')}\n`);
      } catch (err) {
        fail(`migration failed: ${(err as Error).message}`);
      } finally {
        await sql.close();
        logger.flush();
      }
    });

  program
    .command('send')
    .description('post events to an ingestor from a JSON, NDJSON or JSONL file, or generate synthetic ones')
    .argument('[file]', 'events file: a JSON array, one JSON object, or one object per line')
    .option('-n, --generate <count>', 'generate this many synthetic events instead of reading a file', positiveInt('--generate'))
    .option('--url <url>', 'ingest endpoint', 'http://127.0.0.1:8080/api/v2/ingest')
    .option('--api-key <key>', "X-API-KEY (default INGEST_API_KEY, or the embedded profile's generated key)")
    .option('--batch <size>', 'events per request (1 = single-event POSTs)', positiveInt('--batch'), 100)
    .option('--concurrency <n>', 'requests in flight', positiveInt('--concurrency'), 4)
    .option('-q, --quiet', 'no progress bar')
    .action(
      async (
        file: string | undefined,
        opts: { generate?: number; url: string; apiKey?: string; batch: number; concurrency: number; quiet?: boolean },
        cmd: Command,
      ) => {
        const config = loadCliConfig(globals(cmd));
        let events: Record<string, unknown>[];
        if (opts.generate !== undefined) events = syntheticEvents(opts.generate);
        else if (file !== undefined) {
          try {
            events = parseEventFile(readFileSync(file, 'utf8'));
          } catch (err) {
            fail(`cannot read ${file}: ${(err as Error).message}`, 2);
          }
        } else fail('give a file or --generate N', 2);
        const apiKey = opts.apiKey ?? defaultIngestKey(config);
        const summary = await sendEvents(
          events,
          { url: opts.url, apiKey, batch: opts.batch, concurrency: opts.concurrency, quiet: opts.quiet === true },
          (s) => process.stderr.write(`${s}\n`),
        );
        process.stdout.write(
          `Sent ${events.length} event(s) in ${summary.requests} request(s): ${summary.accepted} accepted, ${summary.rejected} rejected.\n`,
        );
        for (const id of summary.correlationIds.slice(0, 5)) process.stdout.write(`correlation_id=${id}\n`);
        if (summary.failedRequests > 0 || summary.accepted === 0) process.exit(1);
      },
    );

  registerOperatorCommands(program, globals);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    process.exit(1);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // An argument parser's refusal reaches here (commander rethrows it): print it, not a stack trace.
    if (err instanceof MuttError) fail(err.message, err.exitCode);
    throw err;
  }
}

export { SERVICE_ORDER };
