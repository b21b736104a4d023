// GET /admin/config shows no value of any variable marked secret, on both profiles.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticSecrets } from '../../../src/app/static-secrets.js';
import type { VarDef } from '../../../src/config/define.js';
import { loadConfig } from '../../../src/config/load.js';
import { configVars } from '../../../src/config/vars/index.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { buildIngestorApp, type IngestorApp } from '../../../src/services/ingestor/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';

const secretDefs = (Object.values(configVars) as VarDef<unknown>[]).filter((d) => d.secret);
const marker = (name: string): string => `S3CR3T-${name}-7f3a`;

let tb: TestBackends;
let ingestor: IngestorApp;
beforeAll(async () => {
  tb = await createTestBackends();
  // Every secret gets a recognisable value; the back ends stay the isolated ones (their passwords are not used).
  const config = loadConfig({
    ...tb.env,
    ...Object.fromEntries(secretDefs.map((d) => [d.name, marker(d.name)])),
    INGEST_RATE_LIMIT_ENABLED: 'false',
  });
  ingestor = await buildIngestorApp({
    config,
    backends: tb.backends,
    logger: silentLogger(),
    podName: 'admin-cfg',
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  });
});
afterAll(async () => {
  await ingestor?.app.close();
  ingestor?.dispose();
  await tb?.cleanup();
});

describe('GET /admin/config', () => {
  it('contains no value of any variable marked secret', async () => {
    expect(secretDefs.map((d) => d.name)).toContain('INGEST_API_KEY');
    const res = await ingestor.app.inject({
      method: 'GET',
      url: '/admin/config',
      headers: { 'x-api-key': marker('INGEST_API_KEY') },
    });
    expect(res.statusCode).toBe(200);
    for (const d of secretDefs) expect(res.body, d.name).not.toContain(marker(d.name));
    expect(res.json()).toMatchObject({ static: { REQUIRED_MESSAGE_FIELDS: ['message'] } });
  });
});
