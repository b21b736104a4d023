// Where each catalogue secret comes from (Vault key names, config fields) and which ones a service requires.
// The failure texts are the ones the guide quotes, so operators' greps keep working (docs/decisions.md D19).
import type { Config } from '../config/load.js';
import type { ServiceName } from '../services/runtime/service-contract.js';
import { SECRET_NAMES, type SecretName, type SecretValues } from '../ports/secrets.js';

export interface SecretRequirement {
  /** Satisfied when any of these is set. */
  readonly anyOf: readonly SecretName[];
  /** `secret INGEST_API_KEY` or `Redis secret`, as in the guide's message. */
  readonly what: string;
  /** Legacy spelling listed in the message, e.g. `REDIS_PASS_CURRENT or REDIS_PASS`. */
  readonly expected?: string;
  /** Without Vault, a missing password means "connect without AUTH" (a dev Redis), so only Vault mode requires it. */
  readonly vaultOnly?: boolean;
}

export const SECRET_REQUIREMENTS = {
  ingestApiKey: { anyOf: ['INGEST_API_KEY'], what: 'secret INGEST_API_KEY' },
  webuiApiKey: { anyOf: ['WEBUI_API_KEY'], what: 'secret WEBUI_API_KEY' },
  moogApiKey: { anyOf: ['MOOG_API_KEY'], what: 'secret MOOG_API_KEY', vaultOnly: true },
  redisPassword: {
    anyOf: ['REDIS_PASS_CURRENT', 'REDIS_PASS_NEXT'],
    what: 'Redis secret',
    expected: 'REDIS_PASS_CURRENT or REDIS_PASS',
    vaultOnly: true,
  },
  dbPassword: {
    anyOf: ['DB_PASS_CURRENT', 'DB_PASS_NEXT'],
    what: 'database secret',
    expected: 'DB_PASS_CURRENT or DB_PASS',
    vaultOnly: true,
  },
} as const satisfies Record<string, SecretRequirement>;

/** What each service cannot start without: its API key(s) and the passwords of the back ends it uses. */
export function requiredSecretsFor(service: ServiceName, profile: 'embedded' | 'redis-postgres'): SecretRequirement[] {
  const R = SECRET_REQUIREMENTS;
  const external = profile === 'redis-postgres';
  const redis = external ? [R.redisPassword] : [];
  const db = external ? [R.dbPassword] : [];
  switch (service) {
    case 'ingestor':
      return [R.ingestApiKey, ...redis];
    case 'alerter':
      return [...redis, ...db];
    case 'forwarder':
      return [R.moogApiKey, ...redis];
    case 'remediation':
      return [...redis];
    case 'webui':
      return [R.webuiApiKey, ...redis, ...db];
  }
}

/** Message for the first unmet requirement, or undefined when all are met. */
export function missingRequirement(
  values: SecretValues,
  required: readonly SecretRequirement[],
  origin: 'vault' | 'env',
): string | undefined {
  for (const r of required) {
    if (origin === 'env' && r.vaultOnly === true) continue;
    if (r.anyOf.some((n) => (values[n] ?? '') !== '')) continue;
    const expected = r.expected !== undefined ? ` (expected ${r.expected})` : '';
    if (origin === 'vault') return `Required ${r.what} not found in Vault${expected}`;
    const names = r.anyOf.map((n) => `${n} or ${n}_FILE`).join(', ');
    return `Required ${r.what} not found in environment (set ${names})${expected}`;
  }
  return undefined;
}

/** Vault key map → catalogue: empty values count as missing; legacy REDIS_PASS / DB_PASS fill *_CURRENT. */
export function fromVaultData(data: Readonly<Record<string, string>>, config: Pick<Config, 'dbUser'>): SecretValues {
  const pick = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = data[n];
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const out: Partial<Record<SecretName, string>> = {
    INGEST_API_KEY: pick('INGEST_API_KEY', 'INGEST_API_KEY_CURRENT'),
    INGEST_API_KEY_NEXT: pick('INGEST_API_KEY_NEXT'),
    WEBUI_API_KEY: pick('WEBUI_API_KEY', 'WEBUI_API_KEY_CURRENT'),
    WEBUI_API_KEY_NEXT: pick('WEBUI_API_KEY_NEXT'),
    REDIS_PASS_CURRENT: pick('REDIS_PASS_CURRENT', 'REDIS_PASS'),
    REDIS_PASS_NEXT: pick('REDIS_PASS_NEXT'),
    DB_USER: pick('DB_USER') ?? config.dbUser,
    DB_PASS_CURRENT: pick('DB_PASS_CURRENT', 'DB_PASS'),
    DB_PASS_NEXT: pick('DB_PASS_NEXT'),
    MOOG_API_KEY: pick('MOOG_API_KEY'),
  };
  return compact(out);
}

/** Config field per secret. `moogApiKey` belongs to the forwarder's config section and may not exist yet. */
const CONFIG_FIELD: Record<SecretName, string> = {
  INGEST_API_KEY: 'ingestApiKey',
  INGEST_API_KEY_NEXT: 'ingestApiKeyNext',
  WEBUI_API_KEY: 'webuiApiKey',
  WEBUI_API_KEY_NEXT: 'webuiApiKeyNext',
  REDIS_PASS_CURRENT: 'redisPassCurrent',
  REDIS_PASS_NEXT: 'redisPassNext',
  DB_USER: 'dbUser',
  DB_PASS_CURRENT: 'dbPassCurrent',
  DB_PASS_NEXT: 'dbPassNext',
  MOOG_API_KEY: 'moogApiKey',
};

/** Env / `*_FILE` mode: the loader already resolved names, aliases and files into config. */
export function fromConfig(config: Config): SecretValues {
  const fields = config as unknown as Readonly<Record<string, unknown>>;
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const v = fields[CONFIG_FIELD[name]];
    if (typeof v === 'string' && v !== '') out[name] = v;
  }
  return out;
}

export function compact(values: Partial<Record<SecretName, string | undefined>>): SecretValues {
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const v = values[name];
    if (v !== undefined && v !== '') out[name] = v;
  }
  return out;
}

export function changedNames(before: SecretValues, after: SecretValues): SecretName[] {
  return SECRET_NAMES.filter((n) => before[n] !== after[n]);
}
