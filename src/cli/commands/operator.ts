// Operator verbs: config, rules, mock-moog (dlq, circuit and status live in their own files).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configDelete, configGet, configHistory, configList, configSet } from '../config/config-commands.js';
import { runRulesTest } from '../../services/alerter/run-rules-test.js';
import { mockBehaviourFromConfig, startMockMoog } from '../../mock-moog/index.js';
import { fail, loadCliConfig, type GlobalOptions } from '../context.js';
import { stdWriter, withBackends } from '../with-backends.js';
import { registerDlqCommands } from './dlq.js';
import { registerDoctorCommand } from './doctor.js';
import { registerStatusCommand } from './status.js';
import { registerTraceCommand } from './trace.js';

type Globals = (cmd: Command) => GlobalOptions;

interface ConfigFlags {
  list?: boolean;
  get?: string;
  set?: string[];
  delete?: string;
  history?: boolean | string;
  publish?: boolean;
  reason?: string;
  force?: boolean;
  format?: 'text' | 'json';
  defaults?: boolean;
}

function registerConfig(program: Command, globals: Globals): void {
  program
    .command('config')
    .description('dynamic configuration in mutt:config:* (flag style, as in the guide: muttdev config --set K V --publish)')
    .option('--list', 'list every key and value')
    .option('--get <key>', 'print one value (<null> when absent)')
    .option('--set <key_value...>', 'set KEY VALUE (validated against the catalogue)')
    .option('--delete <key>', 'delete a key; services fall back to their defaults')
    .option('--history [key]', 'show the audited change history (of one key)')
    .option('--publish', 'notify services on mutt:config:updates so they apply the change within a second')
    .option('--reason <text>', 'reason recorded in the audit trail')
    .option('--force', 'accept a value outside the recommended range')
    .option('--format <fmt>', 'text or json', 'text')
    .option('--defaults', 'with --list: also show catalogue defaults for unset keys')
    .addHelpText('after', '\nPrecedence as in the guide: --list > --get > --set. Every change is written to audit_logs.')
    .action(async (f: ConfigFlags, cmd: Command) => {
      const config = loadCliConfig(globals(cmd));
      const format = f.format === 'json' ? 'json' : 'text';
      const code = await withBackends(config, async (b) => {
        if (f.list) return configList(b, stdWriter, { format, withDefaults: f.defaults === true });
        if (f.get !== undefined) return configGet(b, stdWriter, f.get);
        if (f.set !== undefined) {
          if (f.set.length !== 2) fail('--set takes exactly KEY VALUE', 2);
          const [key, value] = f.set as [string, string];
          return configSet(b, stdWriter, key, value, { publish: f.publish === true, reason: f.reason, force: f.force === true });
        }
        if (f.delete !== undefined) return configDelete(b, stdWriter, f.delete, { publish: true, reason: f.reason });
        if (f.history !== undefined)
          return configHistory(b, stdWriter, typeof f.history === 'string' ? f.history : undefined, { format });
        cmd.outputHelp();
        return 2;
      });
      process.exit(code);
    });
}

function registerRules(program: Command, globals: Globals): void {
  const rules = program.command('rules').description('inspect rules');
  rules
    .command('test')
    .description('explain how the current rules route one event (JSON from a file or stdin); changes nothing')
    .argument('[file]', 'event JSON file (default: stdin)')
    .option('--json', 'print the full explanation as JSON')
    .action(async (file: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      const config = loadCliConfig(globals(cmd));
      let text: string;
      try {
        text = readFileSync(file ?? 0, 'utf8');
      } catch (err) {
        fail(`cannot read ${file ?? 'stdin'}: ${(err as Error).message}`, 2);
      }
      await withBackends(config, async (b) => {
        let result;
        try {
          result = await runRulesTest(b.store, text, {
            defaultTeam: config.unhandledDefaultTeam,
            maxProgramSize: config.ruleRegexMaxProgramSize,
          });
        } catch (err) {
          fail(`invalid event: ${(err as Error).message}`, 2);
        }
        for (const bad of result.invalid_rules) process.stderr.write(`rule ${bad.rule_id} skipped (${bad.code}): ${bad.error}\n`);
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else process.stdout.write(formatExplain(result as unknown as Record<string, unknown>));
      });
    });
}

function formatExplain(r: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    lines.push(
      typeof v === 'object' && v !== null ? `${k}:\n${JSON.stringify(v, null, 2).replace(/^/gm, '  ')}` : `${k}: ${String(v)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function registerMockMoog(program: Command, globals: Globals): void {
  program
    .command('mock-moog')
    .description(
      'run a local Moogsoft REST LAM stand-in that records what it receives (GET /events, /stats, /attempts; POST /control, /reset)',
    )
    .option('--host <host>', 'bind address (default MOCK_MOOG_HOST)')
    .option('--port <port>', 'port (default MOCK_MOOG_PORT, 8888)')
    // No commander defaults: an unset flag falls back to MOCK_MOOG_* (config), which the flags used to shadow.
    .option('--status <code>', 'answer every request with this status (default MOCK_MOOG_STATUS, 200)')
    .option('--latency-ms <ms>', 'delay every answer (default MOCK_MOOG_LATENCY_MS, 0)')
    .option('--fail-rate <ratio>', 'fraction of requests answered with --fail-status (default MOCK_MOOG_FAIL_RATE, 0)')
    .option(
      '--fail-status <code>',
      'status used by --fail-rate and POST /control failForSeconds (default MOCK_MOOG_FAIL_STATUS, 503)',
    )
    .option('--retry-after <value>', 'Retry-After header sent with 429/503 (default MOCK_MOOG_RETRY_AFTER)')
    .option(
      '--reject-pattern <text>',
      'answer 422 to events whose description/message contains this (default MOCK_MOOG_REJECT_PATTERN)',
    )
    .action(
      async (
        opts: {
          host?: string;
          port?: string;
          status?: string;
          latencyMs?: string;
          failRate?: string;
          failStatus?: string;
          retryAfter?: string;
          rejectPattern?: string;
        },
        cmd: Command,
      ) => {
        const config = loadCliConfig(globals(cmd));
        const num = (name: string, v: string): number => {
          const n = Number(v);
          if (!Number.isFinite(n) || n < 0) fail(`${name} must be a non-negative number, got "${v}"`, 2);
          return n;
        };
        const behaviour = mockBehaviourFromConfig({
          ...config,
          ...(opts.status !== undefined ? { mockMoogStatus: num('--status', opts.status) } : {}),
          ...(opts.latencyMs !== undefined ? { mockMoogLatencyMs: num('--latency-ms', opts.latencyMs) } : {}),
          ...(opts.failRate !== undefined ? { mockMoogFailRate: num('--fail-rate', opts.failRate) } : {}),
          ...(opts.failStatus !== undefined ? { mockMoogFailStatus: num('--fail-status', opts.failStatus) } : {}),
          ...(opts.retryAfter !== undefined ? { mockMoogRetryAfter: opts.retryAfter } : {}),
          ...(opts.rejectPattern !== undefined ? { mockMoogRejectPattern: opts.rejectPattern } : {}),
        });
        const mock = await startMockMoog({
          host: opts.host ?? config.mockMoogHost,
          port: opts.port !== undefined ? num('--port', opts.port) : config.mockMoogPort,
          behaviour,
        });
        process.title = 'mock_moog (mutt)';
        process.stdout.write(
          `Mock Moogsoft listening: webhook ${mock.url}\n  received events: ${mock.baseUrl}/events   stats: ${mock.baseUrl}/stats\n`,
        );
        const stop = (): void => void mock.stop().then(() => process.exit(0));
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      },
    );
}

export function registerOperatorCommands(program: Command, globals: Globals): void {
  registerConfig(program, globals);
  registerRules(program, globals);
  registerDlqCommands(program, globals);
  registerMockMoog(program, globals);
  registerStatusCommand(program, globals);
  registerDoctorCommand(program, globals);
  registerTraceCommand(program, globals);
}
