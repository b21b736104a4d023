// Shared CLI plumbing: load config once from env + env file, build a logger, map failures to exit codes.
import { hostname } from 'node:os';
import { ConfigError, loadConfig, readEnvFile, type Config, type Env } from '../config/load.js';
import { createLogger, type Logger } from '../observability/logger.js';

export interface GlobalOptions {
  envFile?: string;
}

export function loadCliConfig(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(readEnvFile(opts.envFile, env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`FATAL: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Re-reads the env file and the environment, for SIGHUP secret reloads (a bad file then fails the reload only). */
export function cliEnv(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): () => Env {
  return () => readEnvFile(opts.envFile, env);
}

export const SERVICE_LOG_NAMES = {
  ingestor: 'mutt-ingestor',
  alerter: 'mutt-alerter',
  forwarder: 'mutt-moog-forwarder',
  remediation: 'mutt-remediation',
  webui: 'mutt-webui',
  cli: 'mutt-cli',
  'mock-moog': 'mutt-mock-moog',
} as const;

export function podNameFor(config: Config, service: string): string {
  return config.podName ?? `${hostname()}-${service}`;
}

export function cliLogger(
  config: Config,
  service: keyof typeof SERVICE_LOG_NAMES,
  podName = podNameFor(config, service),
): Logger {
  return createLogger({
    service: SERVICE_LOG_NAMES[service],
    version: config.serviceVersion,
    podName,
    level: config.logLevel,
    format: config.logFormat,
    // systemd sets JOURNAL_STREAM for units whose stdout goes to the journal.
    syslogPrefix: process.env.JOURNAL_STREAM !== undefined,
  });
}

/** Prints `Error: …` and exits 1 (runtime failure), as the canonical CLI exit codes say. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}
