// Embedded only: what the adapter acknowledged survives kill -9 of the process that wrote it. The writer is a
// real child process running the compiled adapter (Node 20 cannot run the TypeScript sources directly).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBackends } from '../../../src/adapters/embedded/index.js';
import { openPglite } from '../../../src/adapters/sql/pglite-client.js';
import { loadConfig } from '../../../src/config/load.js';
import { createKeys } from '../../../src/core/keys.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { profileUnderTest } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'push-then-hang.mjs');
const ENTRY_POINTS = [
  'src/adapters/embedded/index.ts',
  'src/adapters/sql/pglite-client.ts',
  'src/config/load.ts',
  'src/core/keys.ts',
  'src/observability/logger.ts',
];

/** Compiles only what the fixture imports, into a temp dir that resolves packages from the repo. */
async function buildAdapter(dir: string): Promise<string> {
  const out = join(dir, 'build');
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsconfig = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { rootDir: join(ROOT, 'src'), outDir: out, sourceMap: false, noEmitOnError: false },
    files: ENTRY_POINTS.map((f) => join(ROOT, f)),
    include: [],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  // Type errors elsewhere in a tree under active development must not block the emit; a missing file still fails below.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  return out;
}

function runUntilAcked(args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let acked = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer never acked: ${stderr}`));
    }, 90_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (!acked && d.toString().includes('acked')) {
        acked = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (acked && signal === 'SIGKILL') resolveRun();
      else reject(new Error(`writer exited (code ${code}, signal ${signal}) before acking: ${stderr}`));
    });
  });
}

describe.skipIf(profileUnderTest !== 'embedded')('embedded queues survive kill -9', () => {
  let dir = '';
  let buildDir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mutt-durability-'));
    buildDir = await buildAdapter(dir);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged push, claim and settle', async () => {
    const dataDir = join(dir, 'data');
    const n = 500;
    await runUntilAcked([buildDir, dataDir, String(n), 'mutt:ingest_queue', 'mutt:processing:alerter:p1', 'mutt:alert_queue']);

    const { client, db } = await openPglite(dataDir, silentLogger());
    const backends = await createEmbeddedBackends(db, client, createKeys(), loadConfig({}), silentLogger());
    try {
      const { queues } = backends;
      expect(await queues.depth('mutt:ingest_queue')).toBe(n - 10);
      expect(await queues.depth('mutt:processing:alerter:p1')).toBe(5);
      expect(await queues.range('mutt:alert_queue', 0, -1)).toEqual([4, 3, 2, 1, 0].map((i) => JSON.stringify({ n: i })));
      // Startup recovery puts the orphaned claims back first, and nothing is missing or doubled.
      expect(await queues.recover('mutt:processing:alerter:p1', 'mutt:ingest_queue')).toBe(5);
      const all = await queues.claim('mutt:ingest_queue', 'mutt:processing:alerter:p2', 1_000, 0);
      expect(all.map((m) => (JSON.parse(m.body) as { n: number }).n)).toEqual(Array.from({ length: n - 5 }, (_, i) => i + 5));
    } finally {
      await backends.close();
      await client.close();
    }
  });
});
