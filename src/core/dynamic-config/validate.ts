// The one validation registry for dynamic config writes, shared by the API and the CLI so both accept the same values.
import { configKeyDef, type ConfigKeyDef } from './catalogue.js';

const KEY_RE = /^[A-Za-z0-9_.-]{1,100}$/;
const RESERVED = new Set(['updates', 'history']);
export const MAX_VALUE_LENGTH = 4096;

export type ValidationResult =
  | { readonly ok: true; readonly value: string; readonly registered: boolean; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string };

export function validateConfigKey(key: string): string | null {
  if (!KEY_RE.test(key)) return `invalid key "${key}": use 1-100 characters from [A-Za-z0-9_.-]`;
  if (RESERVED.has(key)) return `invalid key "${key}": the name is reserved`;
  return null;
}

/** API bodies may send numbers and booleans; the stored form is always a string. */
export function stringifyConfigValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return null;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const BOOL_WORDS = new Set([...TRUE, 'false', '0', 'no', 'off']);

function checkType(def: ConfigKeyDef, v: string): string | null {
  const t = v.trim();
  switch (def.type) {
    case 'int':
      return /^-?\d+$/.test(t) ? null : 'must be an integer';
    case 'float':
      return t !== '' && Number.isFinite(Number(t)) ? null : 'must be a number';
    case 'bool':
      return BOOL_WORDS.has(t.toLowerCase()) ? null : 'must be true or false';
    case 'enum':
      return def.values?.includes(t) ? null : `must be one of ${(def.values ?? []).join('|')}`;
    case 'string':
      return null;
  }
}

function checkRange(def: ConfigKeyDef, v: string): string | null {
  if (def.type !== 'int' && def.type !== 'float') return null;
  const n = Number(v.trim());
  if (def.min !== undefined && (def.minExclusive ? n <= def.min : n < def.min))
    return `must be ${def.minExclusive ? '>' : '>='} ${def.min}`;
  if (def.max !== undefined && n > def.max) return `must be <= ${def.max}`;
  return null;
}

/** `force` bypasses range checks, never type checks. Unregistered keys pass with a warning. */
export function validateConfigWrite(key: string, raw: unknown, opts: { force?: boolean } = {}): ValidationResult {
  const keyError = validateConfigKey(key);
  if (keyError) return { ok: false, error: keyError };
  const value = stringifyConfigValue(raw);
  if (value === null) return { ok: false, error: "'value' must be a string, number or boolean" };
  if (value.length > MAX_VALUE_LENGTH)
    return { ok: false, error: `invalid value for ${key}: longer than ${MAX_VALUE_LENGTH} characters` };
  const def = configKeyDef(key);
  if (!def) return { ok: true, value, registered: false, warnings: [`${key} is not a registered key; stored as given`] };
  const typeError = checkType(def, value);
  if (typeError) return { ok: false, error: `invalid value for ${key}: ${typeError}` };
  const normalised = def.type === 'bool' ? (TRUE.has(value.trim().toLowerCase()) ? 'true' : 'false') : value.trim();
  const rangeError = checkRange(def, normalised);
  if (rangeError && !opts.force) return { ok: false, error: `invalid value for ${key}: ${rangeError}` };
  return { ok: true, value: normalised, registered: true, warnings: rangeError ? [`${key} ${rangeError} (forced)`] : [] };
}

/** Cross-key warnings (e.g. warn threshold above shed threshold): warn, never reject, since operators may change
 * the keys one at a time. `lookup` returns the effective value. */
export function crossKeyWarnings(lookup: (key: string) => string | undefined): string[] {
  const out: string[] = [];
  const num = (key: string): number | undefined => {
    const v = lookup(key) ?? configKeyDef(key)?.default;
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const warn = num('alerter_queue_warn_threshold');
  const shed = num('alerter_queue_shed_threshold');
  if (warn !== undefined && shed !== undefined && warn > shed)
    out.push('alerter_queue_warn_threshold is above alerter_queue_shed_threshold');
  return out;
}

/** Read-time parse: a typed value, or undefined when the stored text is unusable (caller falls back). */
export function parseConfigValue(def: ConfigKeyDef, raw: string | null | undefined): number | boolean | string | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (checkType(def, raw)) return undefined;
  if (def.type === 'int' || def.type === 'float') return Number(raw.trim());
  if (def.type === 'bool') return TRUE.has(raw.trim().toLowerCase());
  return raw.trim();
}

/** Stable record id for string keys (docs/decisions.md D12): crc32(utf8) & 0x7fffffff, never 0. */
export function stableRecordId(key: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(key, 'utf8')) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  const id = ((crc ^ 0xffffffff) >>> 0) & 0x7fffffff;
  return id === 0 ? 1 : id;
}
