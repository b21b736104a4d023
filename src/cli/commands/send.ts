// `mutt send`: post events from a JSON / NDJSON / JSONL file, or N synthetic ones, to an ingestor.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { request } from 'undici';
import { parseEnvFile, type Config } from '../../config/load.js';
import { MuttError } from '../../core/errors.js';

export interface SendOptions {
  url: string;
  apiKey?: string;
  generate?: number;
  batch: number;
  concurrency: number;
  quiet: boolean;
}

/** Accepts a JSON array, one JSON object, or one object per line; tolerates a UTF-8 BOM. */
export function parseEventFile(text: string): Record<string, unknown>[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return [];
  try {
    const parsed: unknown = JSON.parse(body);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((e, i) => asObject(e, `element ${i}`));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return body
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      try {
        return asObject(JSON.parse(line), `line ${n}`);
      } catch (err) {
        throw new MuttError('MUTT_USAGE', `line ${n} is not valid JSON: ${(err as Error).message}`);
      }
    });
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MuttError('MUTT_USAGE', `${where} is not a JSON object`);
  return v as Record<string, unknown>;
}

const SAMPLES = [
  { hostname: 'core-rtr-01', message: '%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down', syslog_severity: 3 },
  { hostname: 'edge-sw-07', message: '%SYS-5-CONFIG_I: Configured from console by admin on vty0', syslog_severity: 5 },
  {
    hostname: 'fw-asa-02',
    message: '%ASA-4-106023: Deny tcp src outside:203.0.113.9/4431 dst inside:10.0.0.5/22',
    syslog_severity: 4,
  },
  { hostname: 'lab-sw-01', message: 'Unmatched chatter from a lab switch', syslog_severity: 6 },
];

export function syntheticEvents(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const s = SAMPLES[i % SAMPLES.length] as (typeof SAMPLES)[number];
    out.push({ ...s, timestamp: new Date().toISOString(), correlation_id: `send-${randomUUID()}`, sequence: i });
  }
  return out;
}

/** The embedded profile keeps generated keys in `<MUTT_DATA_DIR>/keys.env`. */
export function defaultIngestKey(config: Config): string | undefined {
  if (config.ingestApiKey) return config.ingestApiKey;
  const file = join(config.dataDir, 'keys.env');
  if (!existsSync(file)) return undefined;
  return parseEnvFile(readFileSync(file, 'utf8')).INGEST_API_KEY;
}

export interface SendSummary {
  requests: number;
  accepted: number;
  rejected: number;
  failedRequests: number;
  correlationIds: string[];
}

export async function sendEvents(
  events: Record<string, unknown>[],
  opts: SendOptions,
  out: (s: string) => void,
): Promise<SendSummary> {
  const summary: SendSummary = { requests: 0, accepted: 0, rejected: 0, failedRequests: 0, correlationIds: [] };
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < events.length; i += opts.batch) batches.push(events.slice(i, i + opts.batch));
  const bar =
    !opts.quiet && events.length >= 1000 && process.stderr.isTTY
      ? new SingleBar({ stream: process.stderr }, Presets.shades_classic)
      : undefined;
  bar?.start(events.length, 0);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] as Record<string, unknown>[];
      const body = JSON.stringify(batch.length === 1 ? batch[0] : batch);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
      summary.requests++;
      try {
        const res = await request(opts.url, { method: 'POST', body, headers });
        const text = await res.body.text();
        const json = safeJson(text);
        if (res.statusCode === 200) {
          const accepted = typeof json?.accepted === 'number' ? json.accepted : 1;
          summary.accepted += accepted;
          summary.rejected += typeof json?.rejected === 'number' ? json.rejected : 0;
          if (typeof json?.correlation_id === 'string' && summary.correlationIds.length < 20)
            summary.correlationIds.push(json.correlation_id);
        } else {
          summary.failedRequests++;
          summary.rejected += batch.length;
          if (summary.failedRequests <= 5) out(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
        }
      } catch (err) {
        summary.failedRequests++;
        summary.rejected += batch.length;
        if (summary.failedRequests <= 5) out(`request failed: ${(err as Error).message}`);
      }
      bar?.increment(batch.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  bar?.stop();
  return summary;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
