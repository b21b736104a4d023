import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../../src/config/reference.js';
import { configVars } from '../../../src/config/vars/index.js';

describe('docs/configuration.md', () => {
  it('matches the config definitions (run `npm run docs:config` after changing a variable)', () => {
    const onDisk = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderConfigReference());
  });

  it('documents every variable and alias exactly once', () => {
    const doc = renderConfigReference();
    for (const def of Object.values(configVars)) {
      expect(doc.split(`\`${def.name}\``).length - 1, def.name).toBeGreaterThanOrEqual(1);
      for (const alias of def.aliases) expect(doc, alias).toContain(`\`${alias}\``);
    }
  });
});
