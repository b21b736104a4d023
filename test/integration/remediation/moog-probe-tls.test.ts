// One Moog probe on the delivery client: with a private CA (MOOG_CA_CERT_PATH) the HEAD probe verifies the server
// like delivery does, so remediation drains mutt:dlq:moog instead of reporting Moogsoft unhealthy forever.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MoogClient, moogClientOptions } from '../../../src/adapters/moog/moog-client.js';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { loadConfig } from '../../../src/config/load.js';
import { startRemediation } from '../../../src/services/remediation/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import { alert, resetState, startWith, waitFor } from '../forwarder/harness.js';

let dir: string;
let server: Server;
let url: string;
let tb: TestBackends;
const heads: string[] = [];

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it. */
function makeCa(d: string): void {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: d, stdio: 'pipe' });
  };
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=MUTT test CA',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(d, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutt-moog-ca-'));
  makeCa(dir);
  server = createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
    (req, res) => {
      if (req.method === 'HEAD') heads.push(String(req.headers.authorization ?? ''));
      res.writeHead(req.method === 'HEAD' ? 200 : 202).end();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/events/webhook_mutt`;
  tb = await createTestBackends();
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await tb?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function client(env: Record<string, string>): MoogClient {
  const c = loadConfig({ MOOG_WEBHOOK_URL: url, ...env });
  return new MoogClient(moogClientOptions(c, 'probe-key', 1, 'test'));
}

describe('Moog probe over TLS with a private CA', () => {
  it('passes with MOOG_CA_CERT_PATH, fails without it, passes with MOOG_TLS_VERIFY=false; sends the delivery auth', async () => {
    const withCa = client({ MOOG_CA_CERT_PATH: join(dir, 'ca.pem') });
    const noCa = client({});
    const noVerify = client({ MOOG_TLS_VERIFY: 'false' });
    try {
      expect(await withCa.probe(2_000)).toEqual({ healthy: true, detail: 'HTTP 200' });
      expect((await noCa.probe(2_000)).healthy).toBe(false);
      expect((await noVerify.probe(2_000)).healthy).toBe(true);
      expect(heads[0]).toBe('Bearer probe-key');
    } finally {
      await Promise.all([withCa.close(), noCa.close(), noVerify.close()]);
    }
  });

  it('remediation drains mutt:dlq:moog through a Moogsoft behind a private CA', async () => {
    await resetState(tb.backends);
    const k = tb.backends.keys;
    const entry = {
      ...(JSON.parse(alert('tls-1')) as Record<string, unknown>),
      _dlq_reason: 'circuit_open',
      _dlq_source: 'moog_forwarder',
      _dlq_at: new Date().toISOString(),
      _dlq_pod: 'x',
    };
    await tb.backends.queues.push(k.dlq('moog'), [JSON.stringify(entry)]);
    const rem: RunningService = await startWith(
      startRemediation,
      tb,
      { MOOG_WEBHOOK_URL: url, MOOG_CA_CERT_PATH: join(dir, 'ca.pem'), REMEDIATION_INTERVAL: '0.2', MOOG_HEALTH_TIMEOUT: '2' },
      'rem-tls',
    );
    try {
      const [replayed] = await waitFor(
        'replayed to the alert queue',
        () => tb.backends.queues.range(k.alertQueue, 0, -1),
        (l) => l.length === 1,
        15_000,
      );
      expect(JSON.parse(replayed as string)).toMatchObject({ correlation_id: 'tls-1', _remediation_attempts: 1 });
      expect(await tb.backends.queues.depth(k.dlq('moog'))).toBe(0);
    } finally {
      await rem.stop();
    }
  });
});
