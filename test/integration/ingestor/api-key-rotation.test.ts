// Ingest API key rotation in-process on both profiles: the ingestor follows a reloaded secret source
// (INGEST_API_KEY_FILE re-read, as SIGHUP does) through the _NEXT overlap to the old key being refused.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { resolveSecrets } from '../../../src/app/secrets.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { buildIngestorApp, type IngestorApp } from '../../../src/services/ingestor/index.js';
import { createTestBackends, testProfile, type TestBackends } from '../../helpers/backends.js';

const OLD = 'ingest-key-old-0001';
const NEW = 'ingest-key-new-0002';

describe(`ingest API key rotation (${testProfile})`, () => {
  let dir: string;
  let tb: TestBackends;
  let secrets: SecretSource;
  let ingestor: IngestorApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutt-keyrot-'));
    writeFileSync(join(dir, 'current'), OLD);
    writeFileSync(join(dir, 'next'), '');
    const env = {
      INGEST_API_KEY_FILE: join(dir, 'current'),
      INGEST_API_KEY_NEXT_FILE: join(dir, 'next'),
      INGEST_RATE_LIMIT_ENABLED: 'false',
    };
    tb = await createTestBackends(env);
    secrets = await resolveSecrets(tb.config, silentLogger(), { env: tb.env });
    const ctx: ServiceContext = {
      config: tb.config,
      backends: tb.backends,
      logger: silentLogger(),
      podName: 'keyrot',
      instanceId: randomUUID(),
      secrets,
    };
    ingestor = await buildIngestorApp(ctx);
  });

  afterAll(async () => {
    await ingestor?.app.close();
    ingestor?.dispose();
    await secrets?.close();
    await tb?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function status(key: string): Promise<number> {
    const res = await ingestor.app.inject({
      method: 'POST',
      url: '/api/v2/ingest',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload: { hostname: 'h', message: 'rotation' },
    });
    return res.statusCode;
  }

  it('accepts both keys during the _NEXT overlap, then refuses the old key once it is promoted and _NEXT removed', async () => {
    expect([await status(OLD), await status(NEW)]).toEqual([200, 401]);

    writeFileSync(join(dir, 'next'), NEW);
    expect((await secrets.reload()).changed).toEqual(['INGEST_API_KEY_NEXT']);
    expect([await status(OLD), await status(NEW)]).toEqual([200, 200]);

    writeFileSync(join(dir, 'current'), NEW);
    writeFileSync(join(dir, 'next'), '');
    expect((await secrets.reload()).changed).toEqual(['INGEST_API_KEY', 'INGEST_API_KEY_NEXT']);
    expect([await status(OLD), await status(NEW)]).toEqual([401, 200]);
  });
});
