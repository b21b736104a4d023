import { describe, expect, it } from 'vitest';
import type { VarDef } from '../../../src/config/define.js';
import { loadConfig } from '../../../src/config/load.js';
import { publicConfig } from '../../../src/config/public-config.js';
import { configVars } from '../../../src/config/vars/index.js';

const defs = Object.values(configVars) as VarDef<unknown>[];
const secretDefs = defs.filter((d) => d.secret);
const marker = (name: string): string => `S3CR3T-${name}-7f3a`;

describe('publicConfig: the one view of static config that may be shown', () => {
  it('never contains a value of any variable marked secret, in any section', () => {
    expect(secretDefs.length).toBeGreaterThan(5);
    const env = Object.fromEntries(secretDefs.map((d) => [d.name, marker(d.name)]));
    const view = publicConfig(loadConfig(env));
    const text = JSON.stringify(view);
    for (const d of secretDefs) {
      expect(text, d.name).not.toContain(marker(d.name));
      expect(view, d.name).not.toHaveProperty(d.name);
    }
  });

  it('shows every variable not marked secret, whatever its name', () => {
    const view = publicConfig(loadConfig({}));
    for (const d of defs.filter((x) => !x.secret)) expect(view, d.name).toHaveProperty(d.name);
    expect(view).toHaveProperty('VAULT_SECRET_ID_FILE', '/etc/mutt/vault_secret_id');
  });

  it('redacts credentials of URL values', () => {
    const view = publicConfig(
      loadConfig({
        PROMETHEUS_URL: 'http://prom:pw-PROM-1@127.0.0.1:9090/?x=1',
        MOOG_WEBHOOK_URL: 'https://moog/lam?token=tok-2',
      }),
    );
    expect(view.PROMETHEUS_URL).toBe('http://***@127.0.0.1:9090/?x=***');
    expect(view.MOOG_WEBHOOK_URL).toBe('https://moog/lam?token=***');
  });

  it('can be limited to some sections', () => {
    const view = publicConfig(loadConfig({}), (d) => d.section === 'logging');
    expect(Object.keys(view).length).toBeGreaterThan(0);
    expect(Object.keys(view).every((k) => defs.find((d) => d.name === k)?.section === 'logging')).toBe(true);
  });
});
