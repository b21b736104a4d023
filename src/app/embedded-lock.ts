// PGlite is single-process: a second process opening the same data dir would corrupt it. A pid file guards it;
// a stale file (its process is gone, e.g. after kill -9) is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MuttError } from '../core/errors.js';

export class DataDirInUseError extends MuttError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      'MUTT_DATA_DIR_IN_USE',
      `the embedded data dir ${dataDir} is in use by process ${pid} (mutt start); ` +
        'use its API on :8090 (or the dashboard), or stop it first',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns a release function. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'mutt.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirInUseError(dataDir, pid);
      rmSync(file, { force: true });
    }
  }
  throw new MuttError('MUTT_DATA_DIR_IN_USE', `could not lock ${dataDir}`);
}
