// PROMETHEUS_URL may carry basic-auth credentials: they are sent as an Authorization header and never echoed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { startHarness, type WebuiHarness } from './harness.js';

const USER = 'prom-user-A1';
const PW = 'pw-PROM-SECRET-9';

let prom: Server;
const seenAuth: (string | undefined)[] = [];
beforeAll(async () => {
  prom = createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'success', data: { result: [{ value: [0, '0.9999'] }] } }));
  });
  await new Promise<void>((r) => prom.listen(0, '127.0.0.1', r));
});
afterAll(async () => new Promise<void>((r) => prom.close(() => r())));

async function withHarness(url: string, fn: (h: WebuiHarness) => Promise<void>): Promise<void> {
  const h = await startHarness({ prometheusRetryMs: 1 }, { PROMETHEUS_URL: url });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

describe('SLO and PROMETHEUS_URL credentials', () => {
  it('an unreachable Prometheus answers 503 without the URL credentials', async () => {
    const closed = await freePort();
    await withHarness(`http://${USER}:${PW}@127.0.0.1:${closed}/?token=tok-Q-3`, async (h) => {
      const r = await h.call('GET', '/api/v2/slo');
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'MUTT_PROMETHEUS_UNAVAILABLE' });
      expect(r.json().error).toContain('not reachable');
      expect(r.json().error).toContain(`127.0.0.1:${closed}`);
      for (const s of [PW, USER, 'tok-Q-3']) expect(r.body).not.toContain(s);
    });
  });

  it('sends userinfo as basic auth, so a protected Prometheus works', async () => {
    const port = (prom.address() as AddressInfo).port;
    await withHarness(`http://${USER}:${PW}@127.0.0.1:${port}`, async (h) => {
      const r = await h.call('GET', '/api/v2/slo');
      expect(r.statusCode, r.body).toBe(200);
      expect(seenAuth.at(-1)).toBe(`Basic ${Buffer.from(`${USER}:${PW}`).toString('base64')}`);
      expect(r.body).not.toContain(PW);
    });
  });
});
