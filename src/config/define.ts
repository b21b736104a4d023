// Typed env-var definitions. Every variable MUTT reads is declared once with these helpers,
// so the loader, the validation and docs/configuration.md all come from the same table.

export type Section =
  | 'general'
  | 'redis'
  | 'postgres'
  | 'vault'
  | 'ingestor'
  | 'alerter'
  | 'forwarder'
  | 'remediation'
  | 'webui'
  | 'mock-moog'
  | 'retention'
  | 'logging';

export interface VarDef<T> {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly section: Section;
  readonly description: string;
  /** Default as shown in docs; `undefined` means "unset". */
  readonly defaultText: string;
  readonly secret: boolean;
  /** Parses a raw string; throws Error with a human message on bad input. */
  readonly parse: (raw: string | undefined) => T;
}

interface Common {
  aliases?: readonly string[];
  section: Section;
  description: string;
}

function def<T>(name: string, c: Common, defaultText: string, parse: (raw: string | undefined) => T, secret = false): VarDef<T> {
  return { name, aliases: c.aliases ?? [], section: c.section, description: c.description, defaultText, secret, parse };
}

export function str(name: string, dflt: string, c: Common): VarDef<string> {
  return def(name, c, dflt === '' ? '(empty)' : dflt, (raw) => (raw === undefined ? dflt : raw));
}

export function optStr(name: string, c: Common): VarDef<string | undefined> {
  return def(name, c, '(unset)', (raw) => (raw === undefined || raw === '' ? undefined : raw));
}

export function secret(name: string, c: Common): VarDef<string | undefined> {
  return def(name, c, '(unset)', (raw) => (raw === undefined || raw === '' ? undefined : raw), true);
}

export function int(name: string, dflt: number, c: Common & { min?: number; max?: number }): VarDef<number> {
  return def(name, c, String(dflt), (raw) => {
    if (raw === undefined || raw.trim() === '') return dflt;
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`);
    const n = Number(raw.trim());
    if (c.min !== undefined && n < c.min) throw new Error(`must be >= ${c.min}, got ${n}`);
    if (c.max !== undefined && n > c.max) throw new Error(`must be <= ${c.max}, got ${n}`);
    return n;
  });
}

export function num(name: string, dflt: number, c: Common & { min?: number; max?: number }): VarDef<number> {
  return def(name, c, String(dflt), (raw) => {
    if (raw === undefined || raw.trim() === '') return dflt;
    const n = Number(raw.trim());
    if (!Number.isFinite(n)) throw new Error(`must be a number, got "${raw}"`);
    if (c.min !== undefined && n < c.min) throw new Error(`must be >= ${c.min}, got ${n}`);
    if (c.max !== undefined && n > c.max) throw new Error(`must be <= ${c.max}, got ${n}`);
    return n;
  });
}

export function port(name: string, dflt: number, c: Common): VarDef<number> {
  return int(name, dflt, { ...c, min: 1, max: 65535 });
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function bool(name: string, dflt: boolean, c: Common): VarDef<boolean> {
  return def(name, c, String(dflt), (raw) => {
    if (raw === undefined || raw.trim() === '') return dflt;
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new Error(`must be one of true|false|1|0|yes|no|on|off, got "${raw}"`);
  });
}

export function oneOf<const T extends string>(
  name: string,
  values: readonly T[],
  dflt: T,
  c: Common & { caseInsensitive?: boolean },
): VarDef<T> {
  return def(name, c, dflt, (raw) => {
    if (raw === undefined || raw.trim() === '') return dflt;
    const v = c.caseInsensitive ? raw.trim().toLowerCase() : raw.trim();
    const hit = values.find((x) => (c.caseInsensitive ? x.toLowerCase() : x) === v);
    if (hit === undefined) throw new Error(`must be one of ${values.join('|')}, got "${raw}"`);
    return hit;
  });
}

export function list(name: string, dflt: readonly string[], c: Common): VarDef<readonly string[]> {
  return def(name, c, dflt.join(',') || '(empty)', (raw) => {
    if (raw === undefined) return dflt;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  });
}
