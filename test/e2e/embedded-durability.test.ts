// Issue 2 acceptance: the embedded profile loses no acknowledged event when `mutt start` is SIGKILLed mid-flight.
// The mock Moogsoft runs as its own process (so it survives the kill and keeps counting); after a restart on the
// same data dir every acknowledged correlation id must reach it. Duplicates are allowed (at least once) and printed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freeServicePorts, spawnMutt, stopAll, waitFor, type MuttProcess } from '../helpers/processes.js';
import { linkDownEvent, mockEvents, postIngest, readEmbeddedKeys, tempDataDir } from './support/stack.js';

const TOTAL = 1200;
const BATCH = 200;

const procs: MuttProcess[] = [];
let data: { dir: string; remove: () => Promise<void> };
let env: Record<string, string>;
let mockPort: string;

beforeAll(async () => {
  data = await tempDataDir('durability');
  mockPort = String(await freePort());
  const mock = spawnMutt(['mock-moog', '--port', mockPort], {});
  procs.push(mock);
  await mock.waitForOutput(/Mock Moogsoft listening/, 30_000);
  env = {
    ...(await freeServicePorts()),
    MUTT_DATA_DIR: data.dir,
    // --demo seeds the example rules; MOOG_WEBHOOK_URL (honoured by start) sends alerts to the separate mock.
    MOOG_WEBHOOK_URL: `http://127.0.0.1:${mockPort}/webhook`,
    // Deliver as fast as the pipeline can: the default Moog pacing (100 per 60 s) would take half an hour.
    MOOG_RATE_LIMIT_ENABLED: 'false',
    // Keep the whole backlog in the ingest queue rather than shedding part of it through the alerter DLQ.
    ALERTER_QUEUE_SHED_THRESHOLD: '100000',
  };
});

afterAll(async () => {
  await stopAll(procs, 'SIGKILL');
  await data?.remove();
});

function startStack(): MuttProcess {
  const p = spawnMutt(['start', '--demo'], env);
  procs.push(p);
  return p;
}

describe('embedded durability across SIGKILL', () => {
  it('delivers every acknowledged event after a crash and restart', async () => {
    const first = startStack();
    await first.waitForOutput(/MUTT is running/, 90_000);
    const keys = await readEmbeddedKeys(data.dir);

    const acked = new Set<string>();
    const run = randomUUID().slice(0, 8);
    for (let b = 0; b < TOTAL / BATCH; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => linkDownEvent(`dur-${run}-${b * BATCH + i}`));
      const reply = await postIngest(env.INGESTOR_PORT as string, keys.ingest, events);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.accepted).toBe(BATCH);
      for (const e of events) acked.add(e.correlation_id as string);
    }
    // Right after the last acknowledged batch, while the alerter and forwarder are still busy.
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(acked.size).toBe(TOTAL);

    const atKill = new Set((await mockEvents(mockPort)).map((e) => e.external_id).filter((id) => acked.has(id)));
    console.log(`[e2e] durability: ${acked.size} acknowledged, ${atKill.size} at the mock when killed`);
    // The crash must land mid-flight, or this test proves nothing about recovery.
    expect(atKill.size).toBeLessThan(TOTAL);

    const startedAt = Date.now();
    const second = startStack();
    await second.waitForOutput(/MUTT is running/, 90_000);
    const delivered = await waitFor(
      async () => {
        const events = await mockEvents(mockPort);
        const ids = new Set(events.map((e) => e.external_id));
        for (const id of acked) if (!ids.has(id)) return undefined;
        return events;
      },
      90_000,
      `all ${TOTAL} acknowledged events at the mock`,
      250,
    ).catch(async (err: unknown) => {
      const ids = new Set((await mockEvents(mockPort)).map((e) => e.external_id));
      const missing = [...acked].filter((id) => !ids.has(id));
      throw new Error(`${(err as Error).message}; ${missing.length} missing, e.g. ${missing.slice(0, 5).join(', ')}`);
    });

    const ours = delivered.filter((e) => acked.has(e.external_id));
    const duplicates = ours.length - acked.size;
    console.log(
      `[e2e] durability: all ${acked.size} delivered ${((Date.now() - startedAt) / 1000).toFixed(1)} s after restart; ${duplicates} duplicate deliveries`,
    );
    expect(new Set(ours.map((e) => e.external_id)).size).toBe(TOTAL);

    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
