// Every dynamic key that has an env variable accepts exactly what that env variable accepts: same type, same
// bounds, same default. The catalogue is the source; this test fails when either side drifts.
import { describe, expect, it } from 'vitest';
import { configVars } from '../../../src/config/vars/index.js';
import type { VarDef } from '../../../src/config/define.js';
import { CONFIG_CATALOGUE, type ConfigKeyDef } from '../../../src/core/dynamic-config/catalogue.js';

const vars: readonly VarDef<unknown>[] = Object.values(configVars);

function envVar(def: ConfigKeyDef): VarDef<unknown> | undefined {
  return vars.find((v) => v.name === def.env[0]);
}

function accepts(v: VarDef<unknown>, raw: string): boolean {
  try {
    v.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** Inputs the catalogue accepts and rejects, probing its type and both bounds. */
function probes(def: ConfigKeyDef): { ok: string[]; bad: string[] } {
  const step = def.type === 'int' ? 1 : 0.001;
  const ok: string[] = [];
  const bad: string[] = [];
  if (def.type === 'int') bad.push('1.5');
  if (def.min !== undefined) (def.minExclusive ? bad : ok).push(String(def.min));
  if (def.min !== undefined) bad.push(String(def.min - step));
  if (def.max !== undefined) ok.push(String(def.max), String(def.max - step));
  if (def.max !== undefined) bad.push(String(def.max + step));
  else if (def.type === 'int' || def.type === 'float') ok.push('1000000000');
  if (def.type === 'enum') ok.push(...(def.values ?? []));
  if (def.type === 'enum' || def.type === 'bool') bad.push('not-a-value');
  return { ok, bad };
}

describe('dynamic-config catalogue and env definitions agree', () => {
  // Retention keys name env variables only as `config init` seeds: the retention job has no env definitions.
  const withEnv = CONFIG_CATALOGUE.filter((d) => d.env.length > 0 && d.reader !== 'retention');

  it.each(withEnv.map((d) => [d.key, d] as const))('%s: env name, aliases, default, type and bounds', (_key, def) => {
    const v = envVar(def);
    expect(v, `${def.env[0]} is defined in src/config/vars`).toBeDefined();
    if (!v) return;
    for (const alias of def.env.slice(1)) expect(v.aliases).toContain(alias);
    expect(String(v.parse(undefined))).toBe(def.default);
    const { ok, bad } = probes(def);
    expect(
      ok.filter((raw) => !accepts(v, raw)),
      `${v.name} rejects values the catalogue accepts`,
    ).toEqual([]);
    expect(
      bad.filter((raw) => accepts(v, raw)),
      `${v.name} accepts values the catalogue rejects`,
    ).toEqual([]);
  });
});
