// The web UI behind a PostgreSQL whose open connections go silent forever while new ones work (a failover, or a NAT
// or firewall that dropped the flow). A request must answer 503 MUTT_STORE_UNAVAILABLE within DB_QUERY_TIMEOUT_MS
// instead of hanging, and the next one must work over a new connection. PGlite is in-process: nothing to go silent.
import { afterEach, describe, expect, it } from 'vitest';
import { isRedisProfile, PG_ADMIN } from '../../helpers/backends.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { startHarness, type WebuiHarness } from './harness.js';

const QUERY_TIMEOUT_MS = 2_000;
const SLACK_MS = 1_500;
let proxy: TcpProxy | undefined;
let h: WebuiHarness | undefined;

afterEach(async () => {
  // The proxy first: it resets the silent sockets, so closing the pool does not wait on them.
  await proxy?.close();
  await h?.close();
  proxy = undefined;
  h = undefined;
});

describe.skipIf(!isRedisProfile)('web UI on a PostgreSQL connection that goes silent', () => {
  it('answers 503 MUTT_STORE_UNAVAILABLE within DB_QUERY_TIMEOUT_MS, then serves again over a new connection', async () => {
    proxy = await startTcpProxy({ host: PG_ADMIN.host, port: PG_ADMIN.port });
    // migrateOnStart runs through the proxy too; the timeouts only bound waiting for an answer.
    h = await startHarness(
      {},
      { DB_PORT: String(proxy.port), DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), DB_STATEMENT_TIMEOUT_MS: '1500' },
    );
    expect((await h.call('GET', '/api/v2/rules')).statusCode).toBe(200);
    proxy.blackholeExisting();
    const t0 = Date.now();
    const stuck = await h.call('GET', '/api/v2/rules');
    const tookMs = Date.now() - t0;
    expect(stuck.statusCode).toBe(503);
    expect(stuck.json()).toMatchObject({ code: 'MUTT_STORE_UNAVAILABLE' });
    expect(tookMs).toBeLessThan(QUERY_TIMEOUT_MS + SLACK_MS);
    // Connections opened before the silent one are discarded, not tried one timeout at a time.
    const t1 = Date.now();
    expect((await h.call('GET', '/api/v2/rules')).statusCode).toBe(200);
    expect(Date.now() - t1).toBeLessThan(SLACK_MS);
  }, 30_000);
});
