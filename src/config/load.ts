import { existsSync, readFileSync } from 'node:fs';
import { MuttError } from '../core/errors.js';
import type { VarDef } from './define.js';
import { configVars, type ConfigVars } from './vars/index.js';

export type Config = { readonly [K in keyof ConfigVars]: ConfigVars[K] extends VarDef<infer T> ? T : never };
export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_ENV_FILE = '/etc/mutt/mutt.env';

export class ConfigError extends MuttError {
  constructor(readonly problems: readonly string[]) {
    super('MUTT_CONFIG_INVALID', `Configuration error: ${problems.join('; ')}`);
  }
}

/** Parses KEY=VALUE lines (systemd EnvironmentFile style): `#` comments, optional `export`, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2] ?? '';
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
    out[m[1] as string] = value;
  }
  return out;
}

/** Environment wins over the env file, as with systemd's Environment= over EnvironmentFile=. */
export function readEnvFile(path: string | undefined, env: Env): Env {
  const file = path ?? (existsSync(DEFAULT_ENV_FILE) ? DEFAULT_ENV_FILE : undefined);
  if (file === undefined) return env;
  if (!existsSync(file)) throw new ConfigError([`env file ${file} does not exist`]);
  return { ...parseEnvFile(readFileSync(file, 'utf8')), ...env };
}

function rawValue(def: VarDef<unknown>, env: Env): { name: string; raw: string | undefined } {
  for (const name of [def.name, ...def.aliases]) {
    const raw = env[name];
    if (raw !== undefined) return { name, raw };
  }
  if (def.secret) {
    for (const name of [def.name, ...def.aliases]) {
      const file = env[`${name}_FILE`];
      if (file !== undefined && file !== '') {
        if (!existsSync(file)) throw new Error(`${name}_FILE points to missing file ${file}`);
        return { name: `${name}_FILE`, raw: readFileSync(file, 'utf8').trim() };
      }
    }
  }
  return { name: def.name, raw: undefined };
}

/** Resolves every variable once, reports all problems together, and freezes the result. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(configVars) as [string, VarDef<unknown>][]) {
    try {
      const { name, raw } = rawValue(def, env);
      try {
        out[key] = def.parse(raw);
      } catch (err) {
        problems.push(`${name} ${(err as Error).message}`);
      }
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (env.LOG_FORMAT === undefined && out.logJsonEnabled === true) out.logFormat = 'json';
  if (out.podName !== undefined && String(out.podName).includes(':')) problems.push('POD_NAME must not contain ":"');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as Config;
}

/** Embedded unless asked for, or Redis/PostgreSQL is configured (docs/decisions.md D13). */
export function resolveProfile(config: Config): 'embedded' | 'redis-postgres' {
  if (config.profile !== 'auto') return config.profile;
  const external = config.redisHost !== undefined || config.redisSentinels.length > 0 || config.dbHost !== undefined;
  return external ? 'redis-postgres' : 'embedded';
}
