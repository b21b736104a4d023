// Library functions behind `mutt config --list | --get K | --set K V [--publish] | --delete K | --history [K]`
// (the guide's flag form). cli/commands/operator.ts wires them into commander; output goes through a passed writer.
import { hostname, userInfo } from 'node:os';
import { CONFIG_CATALOGUE, configKeyDef } from '../../core/dynamic-config/catalogue.js';
import { crossKeyWarnings, stableRecordId, validateConfigKey, validateConfigWrite } from '../../core/dynamic-config/validate.js';
import type { Backends } from '../../ports/backends.js';

export interface CliWriter {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 ok, 1 runtime failure / missing key, 2 validation error, so scripts can tell a typo from an outage. */
export type ExitCode = 0 | 1 | 2;

export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (containers): keep "unknown".
  }
  return `muttdev:${user}@${hostname()}`.slice(0, 100);
}

type CliBackends = Pick<Backends, 'configStore' | 'store'>;

export async function configList(
  b: CliBackends,
  w: CliWriter,
  opts: { format?: 'text' | 'json'; withDefaults?: boolean } = {},
): Promise<ExitCode> {
  const all = await b.configStore.getAll();
  if (opts.format === 'json') {
    w.out(JSON.stringify(all, null, 2));
    return 0;
  }
  const keys = Object.keys(all);
  if (keys.length === 0) w.out('No dynamic config keys found.');
  for (const k of keys) w.out(`${k}=${all[k] ?? ''}`);
  if (opts.withDefaults) {
    for (const d of CONFIG_CATALOGUE) if (!(d.key in all)) w.out(`${d.key}=${d.default} (default)`);
  }
  return 0;
}

/** Flag form keeps the Python MUTT behaviour: an absent key prints `<null>` and exits 0 (subcommand form: strict → 1). */
export async function configGet(b: CliBackends, w: CliWriter, key: string, opts: { strict?: boolean } = {}): Promise<ExitCode> {
  const value = await b.configStore.get(key);
  if (value === null) {
    if (opts.strict) {
      w.err(`Error: Configuration key '${key}' not found`);
      return 1;
    }
    w.out('<null>');
    return 0;
  }
  w.out(value);
  return 0;
}

async function audit(
  b: CliBackends,
  w: CliWriter,
  key: string,
  op: 'CREATE' | 'UPDATE' | 'DELETE',
  old: string | null,
  next: string | null,
  reason?: string,
): Promise<void> {
  try {
    await b.store.recordConfigChange(
      'dynamic_config',
      stableRecordId(key),
      op,
      old === null ? null : { key, value: old },
      next === null ? null : { key, value: next },
      {
        changedBy: cliActor(),
        reason: reason ?? null,
        correlationId: null,
      },
    );
  } catch (err) {
    // Best effort (docs/decisions.md D12): the value is already stored; say the audit is missing.
    w.err(`Warning: change applied but not audited: ${(err as Error).message}`);
  }
}

export interface SetOptions {
  readonly publish?: boolean;
  readonly force?: boolean;
  readonly reason?: string;
}

export async function configSet(
  b: CliBackends,
  w: CliWriter,
  key: string,
  value: string,
  opts: SetOptions = {},
): Promise<ExitCode> {
  const v = validateConfigWrite(key, value, { force: opts.force === true });
  if (!v.ok) {
    w.err(v.error.startsWith('invalid value') ? v.error : `invalid value for ${key}: ${v.error}`);
    return 2;
  }
  for (const warning of v.warnings) w.err(`Warning: ${warning}`);
  const { oldValue } = await b.configStore.set(key, v.value, { publish: opts.publish === true, changedBy: cliActor() });
  await audit(b, w, key, oldValue === null ? 'CREATE' : 'UPDATE', oldValue, v.value, opts.reason);
  w.out(`Set ${key}=${v.value}${opts.publish ? ' (published)' : ''}`);
  if (!opts.publish) w.out('Not published: services pick the change up when their cache expires (about 5 s).');
  const all = await b.configStore.getAll();
  for (const warning of crossKeyWarnings((k) => all[k])) w.err(`Warning: ${warning}`);
  return 0;
}

export async function configDelete(b: CliBackends, w: CliWriter, key: string, opts: SetOptions = {}): Promise<ExitCode> {
  const bad = validateConfigKey(key);
  if (bad) {
    w.err(bad);
    return 2;
  }
  const { oldValue } = await b.configStore.delete(key, { publish: opts.publish !== false, changedBy: cliActor() });
  if (oldValue === null) {
    w.err(`Error: Configuration key '${key}' not found`);
    return 1;
  }
  await audit(b, w, key, 'DELETE', oldValue, null, opts.reason);
  const def = configKeyDef(key);
  w.out(`Deleted ${key} (was ${oldValue}); services revert to env/built-in default${def ? ` (${def.default})` : ''}`);
  return 0;
}

/** `--history [KEY]`: audit rows for dynamic config, newest first. */
export async function configHistory(
  b: CliBackends,
  w: CliWriter,
  key?: string,
  opts: { limit?: number; format?: 'text' | 'json' } = {},
): Promise<ExitCode> {
  const page = await b.store.queryConfigAudit({
    page: 1,
    limit: opts.limit ?? 50,
    tableName: 'dynamic_config',
    ...(key ? { recordId: stableRecordId(key) } : {}),
  });
  if (opts.format === 'json') {
    w.out(JSON.stringify(page.items, null, 2));
    return 0;
  }
  if (page.items.length === 0) w.out('No dynamic config changes recorded.');
  for (const r of page.items) {
    const oldV = (r.old_values as { value?: unknown } | null)?.value;
    const newV = (r.new_values as { value?: unknown } | null)?.value;
    const k = (r.new_values as { key?: string } | null)?.key ?? (r.old_values as { key?: string } | null)?.key ?? '?';
    w.out(
      `${new Date(r.timestamp).toISOString()} ${r.operation.padEnd(6)} ${k}: ${oldV === undefined ? '-' : String(oldV)} -> ${newV === undefined ? '-' : String(newV)} by ${r.changed_by}${r.reason ? ` (${r.reason})` : ''}`,
    );
  }
  return 0;
}
