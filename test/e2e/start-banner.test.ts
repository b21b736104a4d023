// `mutt start` without --demo, as a real process: the banner names the keys file and never prints a key, its curl
// works as pasted, and the forwarder's start-up line shows MOOG_WEBHOOK_URL without credentials.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts, spawnMutt, type MuttProcess } from '../helpers/processes.js';
import { LOCAL, readEmbeddedKeys, tempDataDir } from './support/stack.js';

let proc: MuttProcess | undefined;
let data: { dir: string; remove: () => Promise<void> };
let ports: Record<string, string>;

beforeAll(async () => {
  data = await tempDataDir('banner');
  ports = await freeServicePorts();
  // Nothing listens on MOCK_MOOG_PORT: the forwarder starts with Moogsoft down, which is fine for this test.
  const webhook = `http://moog-user:pw-WEBHOOK-e2e@${LOCAL}:${ports.MOCK_MOOG_PORT}/webhook?token=tok-e2e`;
  proc = spawnMutt(['start'], { MUTT_DATA_DIR: data.dir, MOOG_WEBHOOK_URL: webhook, LOG_FORMAT: 'text', ...ports });
  await proc.waitForOutput(/MUTT is running[\s\S]*Stop:/, 90_000);
});

afterAll(async () => {
  if (proc) {
    proc.kill('SIGKILL');
    await proc.exited;
  }
  await data?.remove();
});

describe('mutt start (embedded, no --demo)', () => {
  it('prints the keys file path and no key', async () => {
    const keys = await readEmbeddedKeys(data.dir);
    const out = proc?.output() ?? '';
    expect(out).toContain(`API keys:        ${join(data.dir, 'keys.env')}`);
    expect(out).not.toContain(keys.ingest);
    expect(out).not.toContain(keys.webui);
  });

  it('its curl, pasted into a shell, is accepted', async () => {
    const out = proc?.output() ?? '';
    const start = out.indexOf('    curl -s');
    const curl = out.slice(start, out.indexOf('\n    or:', start)).replace(/\\\n/g, ' ');
    const { stdout } = await promisify(execFile)('sh', ['-c', curl.replace('http://localhost:', `http://${LOCAL}:`)], {
      timeout: 10_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'queued' });
  });

  it('logs the webhook URL without user:pass@ or query values', () => {
    const out = proc?.output() ?? '';
    expect(out).toContain('Moog forwarder started');
    for (const s of ['pw-WEBHOOK-e2e', 'tok-e2e', 'moog-user']) expect(out).not.toContain(s);
  });
});
