// kill -9 durability of the embedded database: every write acknowledged before SIGKILL is there after reopening.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertSchemaCurrent } from '../../../src/adapters/sql/migrator.js';
import { openPglite } from '../../../src/adapters/sql/pglite-client.js';
import { createSqlStore } from '../../../src/adapters/sql/store.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { isRedisProfile } from '../../helpers/backends.js';
import { waitFor } from './sql-fixture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/pglite-writer.ts', import.meta.url));

describe.skipIf(isRedisProfile)('openPglite durability', () => {
  it('keeps every acknowledged write across SIGKILL of the writing process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutt-pglite-'));
    try {
      const child = spawn(join(ROOT, 'node_modules/.bin/vite-node'), [WRITER, dir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let exited = false;
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', () => (exited = true));
      const acks = () => [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      await waitFor(() => acks().length >= 40 || exited, 90_000, 'the writer to acknowledge 40 writes');
      expect(exited, `writer exited early: ${err}`).toBe(false);
      child.kill('SIGKILL');
      await waitFor(() => exited, 10_000, 'the writer to die');
      const acked = acks();
      const last = Math.max(...acked);

      const { client } = await openPglite(dir, silentLogger());
      try {
        await assertSchemaCurrent(client);
        const hosts = new Set(await createSqlStore(client).listDevHosts());
        for (let i = 0; i <= last; i += 1) expect(hosts.has(`durable-${i}`), `durable-${i}`).toBe(true);
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_logs WHERE changed_by = 'kill-test'",
        );
        expect(rows[0]?.n).toBeGreaterThanOrEqual(last + 1);
      } finally {
        await client.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
