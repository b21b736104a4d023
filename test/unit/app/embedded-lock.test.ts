import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../../src/app/embedded-lock.js';

describe('embedded data dir lock', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutt-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)']);
    try {
      writeFileSync(join(dir, 'mutt.pid'), String(child.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(
        expect.objectContaining({ code: 'MUTT_DATA_DIR_IN_USE', dataDir: dir, pid: child.pid }),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a stale pid file left by a killed process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutt-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(join(dir, 'mutt.pid'), String(pid));
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, 'mutt.pid'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'mutt.pid'))).toBe(false);
  });
});
