// A throwaway PostgreSQL cluster that really checks passwords (initdb --auth=scram-sha-256), on 127.0.0.1 and a
// free port, for password-rotation tests: the machine's own cluster trusts loopback. initdb refuses to run as root,
// so as root the cluster is created and run by the `postgres` user in a directory it owns.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);
const PG_LIB = '/usr/lib/postgresql';

/** Directory holding initdb and pg_ctl (highest installed major version), or undefined when PostgreSQL is absent. */
export function findPgBin(): string | undefined {
  if (!existsSync(PG_LIB)) return undefined;
  const versions = readdirSync(PG_LIB)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(PG_LIB, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

export interface ScramCluster {
  readonly port: number;
  /** Superuser connection settings (password auth). */
  readonly admin: pg.ClientConfig;
  /** Runs SQL as the superuser on `database` (default `postgres`). */
  sql(text: string, database?: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

/** As root: the ids of `postgres`, which must own the cluster directory. Otherwise undefined (run as ourselves). */
function ownerIds(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startScramCluster(bin: string): Promise<ScramCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'mutt-scram-'));
  const data = join(dir, 'data');
  const superPass = `super-${Math.random().toString(36).slice(2)}`;
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${superPass}\n`, { mode: 0o600 });
  const owner = ownerIds();
  if (owner !== undefined) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const asPostgres = async (cmd: string, args: string[]): Promise<void> => {
    if (owner !== undefined) await run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { cwd: dir });
    else await run(join(bin, cmd), args, { cwd: dir });
  };
  const port = await freePort();
  let started = false;
  try {
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--no-sync']);
    await asPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    started = true;
  } catch (err) {
    if (started) await asPostgres('pg_ctl', ['-D', data, 'stop', '-m', 'immediate']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const admin: pg.ClientConfig = { host: '127.0.0.1', port, user: 'postgres', password: superPass, database: 'postgres' };
  return {
    port,
    admin,
    async sql(text, database = 'postgres') {
      const c = new pg.Client({ ...admin, database });
      await c.connect();
      try {
        return await c.query(text);
      } finally {
        await c.end();
      }
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, 'stop', '-m', 'immediate']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
