// Operator commands open the same back ends as the services (profile chosen as for `mutt start`), run, and close.
import { createBackends } from '../app/backends.js';
import type { Config } from '../config/load.js';
import { resolveProfile } from '../config/load.js';
import type { Backends } from '../ports/backends.js';
import { cliLogger, fail } from './context.js';

export async function withBackends<T>(config: Config, fn: (b: Backends) => Promise<T>): Promise<T> {
  const logger = cliLogger(config, 'cli');
  let backends: Backends;
  try {
    backends = await createBackends(config, logger, { profile: resolveProfile(config), migrateOnStart: false });
  } catch (err) {
    logger.flush();
    fail((err as Error).message);
  }
  try {
    return await fn(backends);
  } finally {
    await backends.close().catch(() => undefined);
    logger.flush();
  }
}

export const stdWriter = {
  out: (line: string): void => void process.stdout.write(`${line}\n`),
  err: (line: string): void => void process.stderr.write(`${line}\n`),
};
