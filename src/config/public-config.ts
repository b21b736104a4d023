// The one view of static config that may be shown (GET /admin/config): every variable not marked `secret`, with
// URL credentials redacted. The `secret` flag alone decides; a name pattern would hide harmless values and miss
// secrets named otherwise.
import { redactUrl } from '../core/redaction.js';
import type { VarDef } from './define.js';
import type { Config } from './load.js';
import { configVars } from './vars/index.js';

export function publicConfig(config: Config, include: (def: VarDef<unknown>) => boolean = () => true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = config as unknown as Record<string, unknown>;
  for (const [key, def] of Object.entries(configVars) as [string, VarDef<unknown>][]) {
    if (def.secret || !include(def)) continue;
    const v = values[key];
    out[def.name] = typeof v === 'string' && v.includes('://') ? redactUrl(v) : v;
  }
  return out;
}
