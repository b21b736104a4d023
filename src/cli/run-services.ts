// Runs one or all services in this process: builds back ends once, starts services in dependency order,
// drains on SIGTERM/SIGINT (reverse order), reloads on SIGHUP.
import { randomUUID } from 'node:crypto';
import { createBackends } from '../app/backends.js';
import type { RunningService, ServiceName, StartService } from '../services/runtime/service-contract.js';
import type { Config } from '../config/load.js';
import { resolveProfile } from '../config/load.js';
import { MuttError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Backends, Profile } from '../ports/backends.js';
import { cliLogger, podNameFor } from './context.js';
import { requiredSecretsFor, resolveSecrets } from '../app/secrets.js';
import type { SecretSource, SecretValues } from '../ports/secrets.js';
import { followBackendSecrets } from '../app/backend-secrets.js';
import { startIngestor } from '../services/ingestor/index.js';
import { startAlerter } from '../services/alerter/index.js';
import { startForwarder } from '../services/forwarder/index.js';
import { startRemediation } from '../services/remediation/index.js';
import { startWebui } from '../services/webui/index.js';

export const SERVICE_ORDER: readonly ServiceName[] = ['webui', 'alerter', 'forwarder', 'remediation', 'ingestor'];

const STARTERS: Record<ServiceName, StartService> = {
  ingestor: startIngestor,
  alerter: startAlerter,
  forwarder: startForwarder,
  remediation: startRemediation,
  webui: startWebui,
};

/** `ps`/`top` greps in the guide look for these names (docs/decisions.md D19). */
const PROCESS_TITLES: Record<ServiceName, string> = {
  ingestor: 'ingestor_service',
  alerter: 'alerter_service',
  forwarder: 'moog_forwarder_service',
  remediation: 'remediation_service',
  webui: 'web_ui_service',
};

export interface RunOptions {
  profile?: Profile;
  migrateOnStart?: boolean;
  /** Extra closers run after the services stop (e.g. the demo mock-moog). */
  onStopped?: () => Promise<void>;
  /** Called with the opened back ends before any service starts (e.g. seeding demo rules). */
  onBackendsReady?: (backends: Backends) => Promise<void>;
  /** The environment config was loaded from (or a function re-reading it), so a SIGHUP sees rotated `*_FILE` secrets. */
  env?: Record<string, string | undefined> | (() => Record<string, string | undefined>);
  /** Lowest-priority secret values that a reload keeps, e.g. the embedded profile's generated API keys. */
  secretDefaults?: SecretValues;
  /** Called once everything listens. */
  onStarted?: (backends: Backends, logger: Logger) => void | Promise<void>;
}

export async function runServices(initialConfig: Config, names: readonly ServiceName[], opts: RunOptions = {}): Promise<void> {
  let config = initialConfig;
  const ordered = SERVICE_ORDER.filter((n) => names.includes(n));
  const profile = opts.profile ?? resolveProfile(config);
  const mainService = ordered.length === 1 ? (ordered[0] as ServiceName) : 'cli';
  const logger = cliLogger(config, mainService === 'cli' ? 'cli' : mainService);
  // `top` shows only 15 characters of the title, so the guide's process name must come first.
  process.title = `${ordered.map((n) => PROCESS_TITLES[n]).join(' ')} (mutt)`;
  logger.info(`Starting ${ordered.join(', ')} with profile ${profile}`);

  let secrets: SecretSource;
  try {
    secrets = await resolveSecrets(config, logger, {
      required: ordered.flatMap((n) => requiredSecretsFor(n, profile)),
      env: opts.env,
      defaults: opts.secretDefaults,
    });
  } catch (err) {
    logger.critical(`FATAL: ${(err as Error).message}`);
    logger.flush();
    process.exit(1);
  }
  config = withSecrets(config, secrets);

  let backends: Backends;
  try {
    backends = await createBackends(config, logger, { profile, migrateOnStart: opts.migrateOnStart ?? profile === 'embedded' });
  } catch (err) {
    logger.critical(`FATAL: could not open back ends: ${(err as Error).message}`);
    logger.flush();
    process.exit(1);
  }

  const backendSecrets = followBackendSecrets(secrets, backends, config, logger);
  const running: RunningService[] = [];
  try {
    await opts.onBackendsReady?.(backends);
    for (const name of ordered) {
      const podName = podNameFor(config, name);
      const svcLogger = cliLogger(config, name, podName);
      running.push(await STARTERS[name]({ config, backends, logger: svcLogger, podName, instanceId: randomUUID(), secrets }));
    }
  } catch (err) {
    logger.critical(`FATAL: ${(err as Error).message}`);
    for (const s of running.reverse()) await s.stop().catch(() => undefined);
    await backends.close().catch(() => undefined);
    logger.flush();
    process.exit(err instanceof MuttError ? err.exitCode : 1);
  }
  await opts.onStarted?.(backends, logger);
  const memoryTimer = startMemoryLog(logger);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(memoryTimer);
    logger.info(`Received ${signal}, draining`);
    const timer = setTimeout(() => {
      logger.error('Graceful shutdown timed out after 25 s, exiting');
      logger.flush();
      process.exit(1);
    }, 25_000);
    timer.unref();
    for (const s of [...running].reverse()) {
      await s.stop().catch((err: unknown) => logger.error(`Stopping ${s.name} failed: ${(err as Error).message}`));
    }
    await opts.onStopped?.().catch(() => undefined);
    backendSecrets.stop();
    await backends.close().catch((err: unknown) => logger.error(`Closing back ends failed: ${(err as Error).message}`));
    await secrets.close().catch(() => undefined);
    logger.info('Graceful shutdown complete');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    logger.info('Received SIGHUP, reloading');
    void secrets.reload().then(
      (change) =>
        logger.info(`Secrets reloaded (${change.changed.length === 0 ? 'no change' : `changed: ${change.changed.join(', ')}`})`),
      (err: unknown) => logger.error(`Secret reload failed, keeping current values: ${(err as Error).message}`),
    );
    for (const s of running)
      void s.reload?.().catch((err: unknown) => logger.error(`Reload of ${s.name} failed: ${(err as Error).message}`));
  });
}

/** One memory line per service process every 10 minutes (docs/decisions.md D8); unref'd so it never holds the process open. */
export const MEMORY_LOG_INTERVAL_MS = 10 * 60_000;

export function memoryUsageLine(m: NodeJS.MemoryUsage = process.memoryUsage()): string {
  const mb = (n: number): string => (n / 1_048_576).toFixed(1);
  return `Memory usage: rss=${mb(m.rss)}MB heap_used=${mb(m.heapUsed)}MB`;
}

function startMemoryLog(logger: Logger, intervalMs = MEMORY_LOG_INTERVAL_MS): NodeJS.Timeout {
  const timer = setInterval(() => logger.info(memoryUsageLine()), intervalMs);
  timer.unref();
  return timer;
}

/** Folds the resolved secrets (Vault or env) into the config the back ends and services start with. */
function withSecrets(config: Config, secrets: SecretSource): Config {
  const v = secrets.values();
  return Object.freeze({
    ...config,
    ingestApiKey: v.INGEST_API_KEY ?? config.ingestApiKey,
    ingestApiKeyNext: v.INGEST_API_KEY_NEXT ?? config.ingestApiKeyNext,
    webuiApiKey: v.WEBUI_API_KEY ?? config.webuiApiKey,
    webuiApiKeyNext: v.WEBUI_API_KEY_NEXT ?? config.webuiApiKeyNext,
    redisPassCurrent: v.REDIS_PASS_CURRENT ?? config.redisPassCurrent,
    redisPassNext: v.REDIS_PASS_NEXT ?? config.redisPassNext,
    dbPassCurrent: v.DB_PASS_CURRENT ?? config.dbPassCurrent,
    dbPassNext: v.DB_PASS_NEXT ?? config.dbPassNext,
    dbUser: v.DB_USER ?? config.dbUser,
  });
}
