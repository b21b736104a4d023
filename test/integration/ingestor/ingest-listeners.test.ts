import { staticSecrets } from '../../../src/app/static-secrets.js';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { startIngestorService, type IngestorService } from '../../../src/services/ingestor/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import { KEY } from './helpers.js';

let tb: TestBackends;
let svc: IngestorService;
let base: string;

beforeAll(async () => {
  tb = await createTestBackends({ INGEST_API_KEY: KEY, INGEST_RATE_LIMIT_ENABLED: 'false' });
  // Port 0: the OS picks free ports (config validation forbids 0 from env, so override the typed config).
  const config: Config = { ...tb.config, ingestorHost: '127.0.0.1', ingestorPort: 0, ingestorMetricsPort: 0 };
  svc = await startIngestorService({
    config,
    backends: tb.backends,
    logger: silentLogger(),
    podName: 't',
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  });
  base = `http://127.0.0.1:${svc.mainPort}`;
});
afterAll(async () => {
  await svc?.stop();
  await tb?.cleanup();
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', (err) => (out ? resolve(out) : reject(err)));
  });
}

describe('ingestor listeners', () => {
  it('a huge header gets a 431 JSON error', async () => {
    const res = await rawRequest(
      svc.mainPort,
      `POST /ingest HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 431/);
    expect(res).toContain('MUTT_HEADER_TOO_LARGE');
  });

  it('serves /metrics and /health on both ports', async () => {
    expect(svc.metricsPort).not.toBeNull();
    for (const port of [svc.mainPort, svc.metricsPort as number]) {
      const m = await request(`http://127.0.0.1:${port}/metrics`);
      expect(m.statusCode).toBe(200);
      expect(await m.body.text()).toContain('mutt_ingest_requests_total');
      const hl = await request(`http://127.0.0.1:${port}/health`);
      expect(hl.statusCode).toBe(200);
      expect(hl.headers['x-api-version']).toBe('v2.5');
      await hl.body.dump();
    }
  });

  it('accepts a real POST over keep-alive', async () => {
    const res = await request(`${base}/ingest`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'over the wire' }),
    });
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { status: string }).status).toBe('queued');
  });

  it('a busy secondary port is a warning, not a failure', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger(), warning: (m: string) => void warnings.push(m) };
    const config: Config = { ...tb.config, ingestorHost: '127.0.0.1', ingestorPort: 0, ingestorMetricsPort: svc.mainPort };
    const other = await startIngestorService({
      config,
      backends: tb.backends,
      logger,
      podName: 't2',
      instanceId: randomUUID(),
      secrets: staticSecrets(config),
    });
    try {
      expect(other.metricsPort).toBeNull();
      expect(warnings.some((w) => w.includes(String(svc.mainPort)))).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
