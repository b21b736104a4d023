// Small HTTP and file helpers shared by the e2e tests that drive real `mutt` processes over their ports.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvFile } from '../../../src/config/load.js';

export const LOCAL = '127.0.0.1';

/** A throwaway MUTT_DATA_DIR; `remove` deletes it. */
export async function tempDataDir(tag: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `mutt-e2e-${tag}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The keys `mutt start` generated on first start (embedded profile). */
export async function readEmbeddedKeys(dataDir: string): Promise<{ ingest: string; webui: string }> {
  const env = parseEnvFile(await readFile(join(dataDir, 'keys.env'), 'utf8'));
  const ingest = env.INGEST_API_KEY;
  const webui = env.WEBUI_API_KEY;
  if (!ingest || !webui) throw new Error(`keys.env in ${dataDir} lacks a key`);
  return { ingest, webui };
}

export interface IngestReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POSTs one event or a JSON array of events to the ingestor. */
export async function postIngest(port: string, key: string, payload: unknown): Promise<IngestReply> {
  const res = await fetch(`http://${LOCAL}:${port}/api/v2/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body };
}

export interface MockEvent {
  readonly external_id: string;
  readonly received_at: string;
  readonly event: Record<string, unknown>;
}

/** Everything the mock Moogsoft recorded (its cap is far above what these tests send). */
export async function mockEvents(mockPort: string): Promise<MockEvent[]> {
  const res = await fetch(`http://${LOCAL}:${mockPort}/events?limit=100000`);
  if (!res.ok) throw new Error(`mock-moog /events answered ${res.status}`);
  return (await res.json()) as MockEvent[];
}

export async function getText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.text();
}

/** Value of one Prometheus sample line, e.g. `name{status="unhandled"}`; 0 when the series is absent. */
export function metricValue(exposition: string, series: string): number {
  for (const line of exposition.split('\n')) {
    if (line.startsWith(`${series} `))
      return Number(
        line
          .slice(series.length + 1)
          .trim()
          .split(' ')[0],
      );
  }
  return 0;
}

/** A syslog event the example rule `link_updown` matches (prod host → Page_and_ticket → forwarded). */
export function linkDownEvent(correlationId: string, host = 'core-rtr-01'): Record<string, unknown> {
  return {
    hostname: host,
    message: '%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down',
    syslog_severity: 3,
    correlation_id: correlationId,
  };
}
