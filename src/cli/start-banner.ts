// What `mutt start` prints once every service is up. Only `--demo` prints a key: otherwise terminal scrollback,
// CI logs and journald would keep a live ingest key, so the banner names where the key is instead.
import { resolve } from 'node:path';
import type { Config } from '../config/load.js';

export interface BannerInput {
  readonly profile: string;
  /** The embedded profile's generated keys file, when it was used. */
  readonly keysPath: string | undefined;
  readonly mockUrl: string | undefined;
  readonly demo: boolean;
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The curl's key: literal for --demo, else read from the keys file or the environment at paste time. */
function keyArgument(cfg: Config, b: BannerInput): string {
  if (b.demo && cfg.ingestApiKey !== undefined) return cfg.ingestApiKey;
  if (b.keysPath !== undefined) return `$(sed -n 's/^INGEST_API_KEY=//p' ${shellQuote(b.keysPath)})`;
  return '$INGEST_API_KEY';
}

export function startBanner(cfg: Config, b: BannerInput): string {
  const lines = [
    '',
    `MUTT is running (${b.profile} profile${b.profile === 'embedded' ? `, data in ${resolve(cfg.dataDir)}` : ''}).`,
    b.keysPath
      ? `  API keys:        ${b.keysPath}  (INGEST_API_KEY for /ingest, WEBUI_API_KEY for the dashboard)`
      : '  API keys:        from INGEST_API_KEY / WEBUI_API_KEY',
    '  Send an event:',
    `    curl -s -X POST http://localhost:${cfg.ingestorPort}/api/v2/ingest -H "X-API-KEY: ${keyArgument(cfg, b)}" -H 'Content-Type: application/json' \\`,
    `      -d '{"hostname":"core-rtr-01","message":"%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down","syslog_severity":3}'`,
    '    or: npx mutt send --generate 100',
    `  Dashboard:       http://localhost:${cfg.webuiPort}  (log in with WEBUI_API_KEY)`,
    b.mockUrl ? `  Mock Moogsoft:   ${b.mockUrl.replace(/\/[^/]*$/, '')}/events  (what Moogsoft would have received)` : '',
    `  Metrics:         http://localhost:${cfg.ingestorMetricsPort}/metrics (ingestor), :${cfg.alerterMetricsPort} (alerter), :${cfg.forwarderMetricsPort} (forwarder)`,
    '  Stop:            Ctrl-C (drains in-flight work)',
    '',
  ];
  return `${lines.filter((l) => l !== '').join('\n')}\n\n`;
}
