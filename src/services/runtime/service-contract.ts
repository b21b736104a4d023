// What every service's start function receives and returns; the composition root (src/app, src/cli) fills it in.
import type { Config } from '../../config/load.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';
import type { SecretSource } from '../../ports/secrets.js';

export type ServiceName = 'ingestor' | 'alerter' | 'forwarder' | 'remediation' | 'webui';

export interface ServiceContext {
  readonly config: Config;
  readonly backends: Backends;
  readonly logger: Logger;
  /** Resolved POD_NAME for this service (default `<hostname>-<service>`). */
  readonly podName: string;
  /** Random per-process id; tells a restarted pod from a live duplicate. */
  readonly instanceId: string;
  /** Live secret values (API keys rotate on SIGHUP / Vault renewal); config holds the values at start. */
  readonly secrets: SecretSource;
  /** Wall clock for rate-limited log lines; tests inject one. Default `Date.now`. */
  readonly now?: () => number;
}

export interface RunningService {
  readonly name: ServiceName;
  /** Graceful: stop taking work, finish in-flight work, ack, close listeners. */
  stop(): Promise<void>;
  /** SIGHUP: reload rules/secrets. Optional. */
  reload?(): Promise<void>;
}

export type StartService = (ctx: ServiceContext) => Promise<RunningService>;
