// Issue 2 acceptance on the embedded profile: `mutt start --demo` as a real process. A matched event reaches the
// in-process mock Moogsoft within 1 s, an unmatched one is counted as unhandled, the matched one is in the event
// audit served by the Web UI, and SIGTERM ends the process cleanly with its last log line flushed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts, spawnMutt, waitFor, type MuttProcess } from '../helpers/processes.js';
import {
  getText,
  linkDownEvent,
  LOCAL,
  metricValue,
  mockEvents,
  postIngest,
  readEmbeddedKeys,
  tempDataDir,
} from './support/stack.js';

let proc: MuttProcess | undefined;
let data: { dir: string; remove: () => Promise<void> };
let ports: Record<string, string>;
let keys: { ingest: string; webui: string };
const matchedCid = `e2e-flow-${randomUUID()}`;

beforeAll(async () => {
  data = await tempDataDir('flow');
  ports = await freeServicePorts();
  proc = spawnMutt(['start', '--demo'], { MUTT_DATA_DIR: data.dir, ...ports });
  await proc.waitForOutput(/MUTT is running/, 90_000);
  keys = await readEmbeddedKeys(data.dir);
});

afterAll(async () => {
  if (proc) {
    proc.kill('SIGKILL');
    await proc.exited;
  }
  await data?.remove();
});

describe('mutt start --demo (embedded)', () => {
  it('delivers a matched event to the mock Moogsoft within 1 s of the 200', async () => {
    // One warm-up event first: the 1 s promise is about a running stack, not the first JIT of every code path.
    const warmCid = `${matchedCid}-warmup`;
    expect((await postIngest(ports.INGESTOR_PORT as string, keys.ingest, linkDownEvent(warmCid))).status).toBe(200);
    await waitFor(
      async () => (await mockEvents(ports.MOCK_MOOG_PORT as string)).find((e) => e.external_id === warmCid),
      15_000,
      'the warm-up event at the mock',
      20,
    );
    const reply = await postIngest(ports.INGESTOR_PORT as string, keys.ingest, linkDownEvent(matchedCid));
    const acked = performance.now();
    const ackedWall = Date.now();
    expect(reply.status).toBe(200);
    expect(reply.body.correlation_id).toBe(matchedCid);
    const seen = await waitFor(
      async () => (await mockEvents(ports.MOCK_MOOG_PORT as string)).find((e) => e.external_id === matchedCid),
      15_000,
      'the matched event at the mock',
      20,
    );
    const elapsedMs = performance.now() - acked;
    // The mock stamps arrival itself; printed beside the poll figure so a slow poll is told apart from a slow pipeline.
    console.log(
      `[e2e] ingest 200 → seen by poll: ${elapsedMs.toFixed(0)} ms (mock-moog stamped arrival at +${Date.parse(seen.received_at) - ackedWall} ms)`,
    );
    expect(seen.event.external_id).toBe(matchedCid);
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('counts an unmatched event as unhandled on the alerter metrics port', async () => {
    const url = `http://${LOCAL}:${ports.ALERTER_METRICS_PORT}/metrics`;
    const series = 'mutt_alerter_events_processed_total{status="unhandled"}';
    const before = metricValue(await getText(url), series);
    const cid = `e2e-unmatched-${randomUUID()}`;
    const reply = await postIngest(ports.INGESTOR_PORT as string, keys.ingest, {
      hostname: 'quiet-switch-9',
      message: 'nothing any rule knows about',
      correlation_id: cid,
    });
    expect(reply.status).toBe(200);
    const after = await waitFor(
      async () => {
        const v = metricValue(await getText(url), series);
        return v > before ? v : undefined;
      },
      15_000,
      'the unhandled counter to increase',
    );
    expect(after).toBeGreaterThanOrEqual(before + 1);
    // An unhandled event is never forwarded.
    expect((await mockEvents(ports.MOCK_MOOG_PORT as string)).some((e) => e.external_id === cid)).toBe(false);
  });

  it('shows the matched event in the event audit through the Web UI API', async () => {
    const url = `http://${LOCAL}:${ports.WEBUI_PORT}/api/v2/audit-logs?correlation_id=${encodeURIComponent(matchedCid)}`;
    const res = await fetch(url, { headers: { 'x-api-key': keys.webui } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { logs: Record<string, unknown>[] };
    expect(body.logs.length).toBeGreaterThanOrEqual(1);
    const row = body.logs[0] as Record<string, unknown>;
    expect(row.correlation_id).toBe(matchedCid);
    expect(row.hostname).toBe('core-rtr-01');
    expect(row.handling_decision).toBe('Page_and_ticket');
    expect(row.forwarded_to_moog).toBe(true);
    // Without the key the same query is refused.
    expect((await fetch(url)).status).toBe(401);
  });

  it('stops on SIGTERM with exit 0 and flushes "Graceful shutdown complete"', async () => {
    const p = proc as MuttProcess;
    p.kill('SIGTERM');
    const code = await Promise.race([
      p.exited,
      new Promise<string>((r) => setTimeout(() => r('still running after 40 s'), 40_000)),
    ]);
    expect(code).toBe(0);
    // The ingestor logs the same words when it stops; the process's own final line must be the last one written,
    // which proves the async logger flushed before exit.
    const lines = p.output().trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/Graceful shutdown complete/);
    expect(lines.filter((l) => l.includes('Graceful shutdown complete')).length).toBeGreaterThanOrEqual(2);
  });
});
