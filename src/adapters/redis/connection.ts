// Redis connections for the production profile: standalone or Sentinel, optional TLS, CURRENT-then-NEXT
// password fallback and unlimited reconnect with 1 s → 30 s backoff (docs/decisions.md D16).
import { existsSync, readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../../config/load.js';
import { MuttError } from '../../core/errors.js';
import type { Logger } from '../../observability/logger.js';
import { RedisCredentials } from './redis-credentials.js';

export type RedisRole = 'command' | 'blocking' | 'subscriber';

export interface RedisClientOptions {
  /** command (default): fails fast while Redis is down; blocking: no command timeout (BLMOVE);
   *  subscriber: queues SUBSCRIBE while reconnecting and resubscribes by itself. */
  role?: RedisRole;
  /** Shown in CLIENT LIST (`mutt-<role>` by default). */
  connectionName?: string;
  /** Skips the CURRENT/NEXT probe and uses this password (extra connections reuse the one that worked). */
  password?: string | undefined;
  /** Shared passwords of one back end; rotations reach this connection's reconnects. Default: from config. */
  credentials?: RedisCredentials;
}

export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

/** Backoff for reconnects: 1 s, 2 s, 4 s … capped at 30 s, without an attempt limit. */
export function reconnectDelay(times: number): number {
  return Math.min(RECONNECT_MIN_MS * 2 ** Math.max(0, times - 1), RECONNECT_MAX_MS);
}

const AUTH_ERROR = /WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH failed/i;

export function isAuthError(err: unknown): boolean {
  return err instanceof Error && AUTH_ERROR.test(err.message);
}

/** The server's own text, with any configured password blanked out just in case it is echoed. */
function errorText(err: unknown, credentials: RedisCredentials): string {
  return credentials.blank(err instanceof Error ? err.message : String(err));
}

function parseSentinels(list: readonly string[]): { host: string; port: number }[] {
  return list.map((entry) => {
    const idx = entry.lastIndexOf(':');
    if (idx <= 0) return { host: entry, port: 26379 };
    const port = Number(entry.slice(idx + 1));
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new MuttError('MUTT_BACKEND_UNAVAILABLE', `REDIS_SENTINELS entry "${entry}" has an invalid port`);
    }
    return { host: entry.slice(0, idx), port };
  });
}

function tlsOptions(config: Config, logger: Logger): RedisOptions['tls'] {
  if (!config.redisTlsEnabled) return undefined;
  const ca = config.redisTlsCaCert;
  if (ca === undefined) return { rejectUnauthorized: true };
  if (!existsSync(ca)) {
    logger.warning('Redis TLS CA file not found, using the system trust store', { path: ca });
    return { rejectUnauthorized: true };
  }
  return { rejectUnauthorized: true, ca: readFileSync(ca) };
}

/** Builds an unconnected client (lazyConnect); see createRedisClient for a connected one. */
export function buildRedisClient(config: Config, logger: Logger, opts: RedisClientOptions = {}): Redis {
  const role = opts.role ?? 'command';
  const timeoutMs = config.redisSocketTimeout * 1000;
  const options: RedisOptions = {
    lazyConnect: true,
    db: config.redisDb,
    password: opts.password,
    connectionName: opts.connectionName ?? `mutt-${role}`,
    connectTimeout: timeoutMs,
    keepAlive: 30_000,
    retryStrategy: reconnectDelay,
    // Commands fail fast while Redis is down; services report unhealthy and retry on their own schedule.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: role === 'subscriber',
    autoResubscribe: true,
    commandTimeout: role === 'blocking' ? undefined : timeoutMs,
    // No reply for a pending command within the timeout: the socket is silent, so drop it and reconnect (a
    // timed-out command alone would leave the next one on the same dead socket). Blocking pops have their own
    // watchdog in BlockingPool, which also discards the connection.
    socketTimeout: role === 'blocking' ? undefined : timeoutMs,
    tls: tlsOptions(config, logger),
  };
  if (config.redisSentinels.length > 0) {
    options.sentinels = parseSentinels(config.redisSentinels);
    options.name = config.redisSentinelMaster;
    options.sentinelRetryStrategy = reconnectDelay;
    if (options.tls !== undefined) options.enableTLSForSentinelMode = true;
  } else {
    options.host = config.redisHost ?? 'localhost';
    options.port = config.redisPort;
  }
  return new Redis(options);
}

/** Logs outages once (then at most every 30 s) and swaps CURRENT/NEXT when the server refuses the password. */
function watchConnection(client: Redis, credentials: RedisCredentials, logger: Logger, role: RedisRole): void {
  let down = false;
  let lastLog = 0;
  let lastSwap = 0;
  client.on('error', (err: unknown) => {
    const now = Date.now();
    if (now - lastLog >= 30_000) {
      logger.error(`Redis connection error (${role}): ${errorText(err, credentials)}`);
      lastLog = now;
    }
    down = true;
    if (isAuthError(err) && now - lastSwap >= 30_000) {
      const other = credentials.other(client.options.password);
      if (other !== undefined) {
        client.options.password = other;
        lastSwap = now;
        logger.warning(`Redis refused the password (${role}); trying the other configured password on reconnect`);
      }
    }
  });
  client.on('reconnecting', (delayMs: unknown) => {
    if (!down) logger.error(`Redis connection lost (${role}); reconnecting in ${String(delayMs)} ms`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info(`Redis connection restored (${role})`);
    down = false;
  });
}

async function connectOnce(client: Redis, credentials: RedisCredentials): Promise<void> {
  // connect() rejects with a generic "Connection is closed"; keep the server's own error text.
  let lastError: unknown;
  const onError = (err: unknown): void => {
    lastError = err;
  };
  client.on('error', onError);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const cause = lastError ?? err;
    throw new MuttError('MUTT_BACKEND_UNAVAILABLE', errorText(cause, credentials), undefined, { cause });
  } finally {
    client.off('error', onError);
  }
}

/**
 * Connected client. Tries REDIS_PASS_CURRENT, then REDIS_PASS_NEXT (mid-rotation, docs/decisions.md D16), unless
 * `opts.password` pins one. Throws MuttError MUTT_BACKEND_UNAVAILABLE with the server's text.
 */
export async function createRedisClient(config: Config, logger: Logger, opts: RedisClientOptions = {}): Promise<Redis> {
  const pinned = 'password' in opts;
  const credentials = opts.credentials ?? new RedisCredentials(config.redisPassCurrent, config.redisPassNext);
  const candidates = pinned ? [opts.password] : credentials.candidates();
  const failures: string[] = [];
  for (const [i, password] of candidates.entries()) {
    const client = buildRedisClient(config, logger, { ...opts, password });
    try {
      await connectOnce(client, credentials);
      watchConnection(client, credentials, logger, opts.role ?? 'command');
      credentials.track(client);
      if (!pinned) credentials.active = password;
      return client;
    } catch (err) {
      client.disconnect();
      const label = pinned ? 'given' : i === 0 ? 'CURRENT' : 'NEXT';
      failures.push(`${label}: ${(err as Error).message}`);
      if (i < candidates.length - 1)
        logger.warning(`Redis connection with the ${label} password failed, trying NEXT: ${(err as Error).message}`);
      if (candidates.length === 1) throw err;
    }
  }
  throw new MuttError('MUTT_BACKEND_UNAVAILABLE', `Failed to create Redis pool with provided passwords (${failures.join('; ')})`);
}

/** Quits gracefully, or drops the socket when Redis is unreachable so shutdown never hangs. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
