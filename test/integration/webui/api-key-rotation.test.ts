// Web UI API key rotation in-process on both profiles: after a reload (what SIGHUP does), a key that left the
// secret source is refused, including a WEBUI_API_KEY_NEXT that was configured when the process started.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { resolveSecrets } from '../../../src/app/secrets.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { buildWebuiApp } from '../../../src/services/webui/index.js';
import { createTestBackends, testProfile, type TestBackends } from '../../helpers/backends.js';

const [A, B, C] = ['webui-key-a-0001', 'webui-key-b-0002', 'webui-key-c-0003'] as const;

describe(`web UI API key rotation (${testProfile})`, () => {
  let dir: string;
  let tb: TestBackends;
  let secrets: SecretSource;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutt-webkeyrot-'));
    writeFileSync(join(dir, 'current'), A);
    writeFileSync(join(dir, 'next'), B);
    tb = await createTestBackends({ WEBUI_API_KEY_FILE: join(dir, 'current'), WEBUI_API_KEY_NEXT_FILE: join(dir, 'next') });
    secrets = await resolveSecrets(tb.config, silentLogger(), { env: tb.env });
    const ctx: ServiceContext = {
      config: tb.config,
      backends: tb.backends,
      logger: silentLogger(),
      podName: 'webkeyrot',
      instanceId: randomUUID(),
      secrets,
    };
    app = await buildWebuiApp(ctx, { healthTargets: [] });
  });

  afterAll(async () => {
    await app?.close();
    await secrets?.close();
    await tb?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async (key: string): Promise<number> =>
    (await app.inject({ method: 'GET', url: '/api/v2/rules', headers: { 'x-api-key': key } })).statusCode;

  it('refuses the keys a rotation removed, including the _NEXT key present at start', async () => {
    expect([await status(A), await status(B), await status(C)]).toEqual([200, 200, 401]);
    writeFileSync(join(dir, 'current'), C);
    writeFileSync(join(dir, 'next'), '');
    expect((await secrets.reload()).changed).toEqual(['WEBUI_API_KEY', 'WEBUI_API_KEY_NEXT']);
    expect([await status(A), await status(B), await status(C)]).toEqual([401, 401, 200]);
  });
});
