import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureEmbeddedKeys } from '../../../src/app/embedded-keys.js';

describe('ensureEmbeddedKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mutt-keys-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates two distinct 64-hex keys into <dataDir>/keys.env with mode 0600', async () => {
    const dataDir = join(dir, 'data', 'nested');
    const k = await ensureEmbeddedKeys(dataDir);
    expect(k.path).toBe(join(dataDir, 'keys.env'));
    expect(k.ingestApiKey).toMatch(/^[0-9a-f]{64}$/);
    expect(k.webuiApiKey).toMatch(/^[0-9a-f]{64}$/);
    expect(k.ingestApiKey).not.toBe(k.webuiApiKey);
    expect(statSync(k.path).mode & 0o777).toBe(0o600);
    const text = readFileSync(k.path, 'utf8');
    expect(text).toContain(`INGEST_API_KEY=${k.ingestApiKey}`);
    expect(text).toContain(`WEBUI_API_KEY=${k.webuiApiKey}`);
  });

  it('is stable across calls, including concurrent first starts', async () => {
    const [a, b, c] = await Promise.all([ensureEmbeddedKeys(dir), ensureEmbeddedKeys(dir), ensureEmbeddedKeys(dir)]);
    const d = await ensureEmbeddedKeys(dir);
    for (const x of [b, c, d]) expect(x).toEqual(a);
  });

  it('keeps an existing key, fills a missing one, and tightens loose permissions', async () => {
    const path = join(dir, 'keys.env');
    writeFileSync(path, 'INGEST_API_KEY=my-own-ingest-key\n');
    chmodSync(path, 0o644);
    const k = await ensureEmbeddedKeys(dir);
    expect(k.ingestApiKey).toBe('my-own-ingest-key');
    expect(k.webuiApiKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await ensureEmbeddedKeys(dir)).toEqual(k);
  });
});
