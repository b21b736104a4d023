// A client that opens a request and never finishes it must not hold the web UI's socket forever: after
// HTTP_REQUEST_TIMEOUT_MS it gets 408 and the connection is closed.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type WebuiHarness } from './harness.js';

const REQUEST_TIMEOUT_MS = 1_000;
let h: WebuiHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Sends an unfinished request head; resolves with what the server wrote and how long until it closed. */
function trickle(port: number): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let reply = '';
    const s = connect(port, '127.0.0.1', () => s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      reply += d;
    });
    s.on('error', reject);
    s.on('close', () => resolve({ reply, ms: Date.now() - t0 }));
  });
}

describe('web UI request timeout', () => {
  it('answers 408 and closes a request that is never finished within HTTP_REQUEST_TIMEOUT_MS', async () => {
    h = await startHarness({}, { HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = h.app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const { reply, ms } = await trickle(port);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
  }, 20_000);
});
