// The one hot-path reader of dynamic config, shared by both stores: a stored value parsed with its catalogue
// entry, or the caller's env value. Bad values and store failures are counted and logged once each, never hidden.
import { configKeyDef, type ConfigKeyDef } from './catalogue.js';
import { parseConfigValue } from './validate.js';

export type ConfigValue = number | boolean | string;

export interface ConfigReadFaults {
  /** Distinct unusable stored values seen (wrong type, below the catalogue's minimum, clamped above its maximum). */
  readonly invalid: number;
  /** Reads that failed in the back end (the last good value or the env value was used). */
  readonly errors: number;
}

export interface TypedReadOptions {
  /** Cached raw read (null = absent). */
  readonly get: (key: string) => Promise<string | null>;
  /** DYNAMIC_CONFIG_ENABLED: false means every read answers the env value. */
  readonly enabled: boolean;
  readonly warn: (message: string) => void;
}

export interface TypedRead {
  read<T extends ConfigValue>(key: string, fallback: T): Promise<T>;
  faults(): ConfigReadFaults;
}

/**
 * The typed value, or why the stored text cannot be used. Above the maximum clamps (a forced write asking for "as
 * much as allowed"); below the minimum is refused: 0 or a negative there is a typo that would disable the mechanism.
 */
function interpret(def: ConfigKeyDef, raw: string): { value: ConfigValue; clamped?: true } | { problem: string } {
  const v = parseConfigValue(def, raw);
  if (v === undefined) return { problem: `not a valid ${def.type}` };
  if (typeof v !== 'number') return { value: v };
  if (def.min !== undefined && (def.minExclusive ? v <= def.min : v < def.min)) return { problem: `below ${def.min}` };
  if (def.max !== undefined && v > def.max) return { value: def.max, clamped: true };
  return { value: v };
}

export function createTypedRead(opts: TypedReadOptions): TypedRead {
  const reported = new Map<string, string>();
  const failing = new Set<string>();
  const lastGood = new Map<string, ConfigValue>();
  let invalid = 0;
  let errors = 0;

  async function load(key: string): Promise<string | null | undefined> {
    try {
      const raw = await opts.get(key);
      failing.delete(key);
      return raw;
    } catch (err) {
      errors += 1;
      if (!failing.has(key))
        opts.warn(`Dynamic config ${key} could not be read (${(err as Error).message}); using the last good or env value`);
      failing.add(key);
      return undefined;
    }
  }

  return {
    async read<T extends ConfigValue>(key: string, fallback: T): Promise<T> {
      const def = configKeyDef(key);
      if (!def) throw new Error(`dynamic config key ${key} is not in the catalogue`);
      if (!opts.enabled) return fallback;
      const raw = await load(key);
      if (raw === undefined) return (lastGood.get(key) as T | undefined) ?? fallback;
      if (raw === null) return fallback;
      const r = interpret(def, raw);
      const usable = 'value' in r && typeof r.value === typeof fallback;
      const value = usable ? (r.value as T) : fallback;
      if (usable && !r.clamped) reported.delete(key);
      else if (reported.get(key) !== raw) {
        reported.set(key, raw);
        invalid += 1;
        const why = 'problem' in r ? r.problem : usable ? `above ${String(value)}` : `not a ${typeof fallback}`;
        opts.warn(`Invalid dynamic config ${key}="${raw}" (${why}); using ${String(value)}`);
      }
      if (usable) lastGood.set(key, value);
      return value;
    },
    faults: () => ({ invalid, errors }),
  };
}
