import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { startBanner } from '../../../src/cli/start-banner.js';

const KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2';
const cfg = { ...loadConfig({}), ingestApiKey: KEY, webuiApiKey: 'webui-key-never-printed' };

describe('mutt start banner', () => {
  it('embedded without --demo: names the key file and reads the key from it in the curl, never prints the key', () => {
    const text = startBanner(cfg, { profile: 'embedded', keysPath: '/srv/mutt/data/keys.env', mockUrl: undefined, demo: false });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('webui-key-never-printed');
    expect(text).toContain('API keys:        /srv/mutt/data/keys.env');
    expect(text).toContain(`X-API-KEY: $(sed -n 's/^INGEST_API_KEY=//p' '/srv/mutt/data/keys.env')`);
  });

  it('redis-postgres: points at the INGEST_API_KEY variable, never prints its value', () => {
    const text = startBanner(cfg, { profile: 'redis-postgres', keysPath: undefined, mockUrl: undefined, demo: false });
    expect(text).not.toContain(KEY);
    expect(text).toContain(`X-API-KEY: $INGEST_API_KEY`);
  });

  it('--demo may print the generated key, for a copy-paste first run', () => {
    const text = startBanner(cfg, {
      profile: 'embedded',
      keysPath: '/tmp/d/keys.env',
      mockUrl: 'http://127.0.0.1:8888/webhook',
      demo: true,
    });
    expect(text).toContain(`X-API-KEY: ${KEY}`);
    expect(text).toContain('Mock Moogsoft:   http://127.0.0.1:8888/events');
    expect(text).not.toContain('webui-key-never-printed');
  });
});
