// `mutt start`: every service in one process. Embedded by default; `--demo` adds example rules and a mock Moogsoft.
import { ensureEmbeddedKeys } from '../../app/embedded-keys.js';
import { seedExampleRules } from '../../adapters/sql/seed-examples.js';
import { resolveProfile, type Config, type Env } from '../../config/load.js';
import type { SecretValues } from '../../ports/secrets.js';
import { startMockMoog } from '../../mock-moog/index.js';
import { runServices, SERVICE_ORDER } from '../run-services.js';
import { startBanner } from '../start-banner.js';

export interface StartOptions {
  demo: boolean;
  /** Re-reads the environment on SIGHUP, so rotated `*_FILE` secrets are seen. */
  env?: () => Env;
}

export async function runStart(config: Config, opts: StartOptions): Promise<void> {
  const profile = resolveProfile(config);
  let cfg: Config = config;
  let keysPath: string | undefined;
  let secretDefaults: SecretValues | undefined;
  if (profile === 'embedded' && (config.ingestApiKey === undefined || config.webuiApiKey === undefined)) {
    const keys = await ensureEmbeddedKeys(config.dataDir);
    keysPath = keys.path;
    // A SIGHUP reload re-reads the environment only; the generated keys must survive it.
    secretDefaults = { INGEST_API_KEY: keys.ingestApiKey, WEBUI_API_KEY: keys.webuiApiKey };
    cfg = { ...cfg, ingestApiKey: cfg.ingestApiKey ?? keys.ingestApiKey, webuiApiKey: cfg.webuiApiKey ?? keys.webuiApiKey };
  }
  let stopMock: (() => Promise<void>) | undefined;
  let mockUrl: string | undefined;
  if (opts.demo) {
    const mock = await startMockMoog({ host: cfg.mockMoogHost, port: cfg.mockMoogPort });
    stopMock = mock.stop;
    mockUrl = mock.url;
    if (!process.env.MOOG_WEBHOOK_URL) cfg = { ...cfg, moogWebhookUrl: mock.url };
  }
  await runServices(Object.freeze(cfg), SERVICE_ORDER, {
    profile,
    env: opts.env,
    secretDefaults,
    onBackendsReady: async (backends) => {
      if (opts.demo) await seedExampleRules(backends.sql);
    },
    onStopped: async () => {
      await stopMock?.();
    },
    onStarted: () => {
      process.stdout.write(startBanner(cfg, { profile, keysPath, mockUrl, demo: opts.demo }));
    },
  });
}
