// The shipped binary runs POST /rules/test in its compiled worker (dist/…/rule-dry-run-worker.js): a hostile
// dry-run ends at WEBUI_RULE_TEST_BUDGET_MS while /health keeps answering, and a normal one still answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts, spawnMutt, stopAll, type MuttProcess } from '../helpers/processes.js';
import { LOCAL, readEmbeddedKeys, tempDataDir } from './support/stack.js';

const HOSTILE = '\\w{1000}'.repeat(28);
const rule = (pattern: string, match_type = 'regex'): Record<string, unknown> => ({ pattern, match_type, prod_handling: 'Page_only', dev_handling: 'Ignore', team_assignment: 'NetOps' });

let proc: MuttProcess | undefined;
let data: { dir: string; remove: () => Promise<void> };
let base = '';
let key = '';

async function dryRun(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/v2/rules/test`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  data = await tempDataDir('dry-run');
  const ports = await freeServicePorts();
  // The program-size budget is raised so the hostile pattern reaches the matcher: only the worker budget is tested.
  proc = spawnMutt(['start', '--demo'], { MUTT_DATA_DIR: data.dir, REMEDIATION_ENABLED: 'false', RULE_REGEX_MAX_PROGRAM_SIZE: '30000', WEBUI_RULE_TEST_BUDGET_MS: '1000', ...ports });
  await proc.waitForOutput(/MUTT is running/, 90_000);
  key = (await readEmbeddedKeys(data.dir)).webui;
  base = `http://${LOCAL}:${ports.WEBUI_PORT}`;
}, 120_000);

afterAll(async () => {
  if (proc) await stopAll([proc]);
  await data?.remove();
});

describe('rule dry-run in the compiled worker', () => {
  it('answers a normal event dry-run', async () => {
    const r = await dryRun({ rules: [rule('link down', 'contains')], event: { hostname: 'core-1', message: 'LINK DOWN on Gi0/1' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ mode: 'event', after: { matched_rule_id: -1, handling_decision: 'Page_only' } });
  });

  it('stops a hostile dry-run at the budget (422) while /health answers within 100 ms', async () => {
    let done = false;
    const t0 = performance.now();
    const pending = dryRun({ rules: [rule(HOSTILE), rule(HOSTILE)], event: { hostname: 'core-1', message: 'x'.repeat(64 * 1024) } }).finally(() => { done = true; });
    const healthMs: number[] = [];
    while (!done) {
      const s = performance.now();
      const h = await fetch(`${base}/health`);
      await h.arrayBuffer();
      healthMs.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await pending;
    const elapsed = performance.now() - t0;
    const sorted = [...healthMs].sort((a, b) => a - b);
    console.log(`e2e hostile dry-run: ${r.status} after ${elapsed.toFixed(0)} ms; /health p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms over ${sorted.length} probes`);
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'MUTT_WEBUI_RULE_TEST_TIMEOUT', budget_ms: 1000 });
    expect(elapsed).toBeLessThan(4000);
    expect(healthMs.length).toBeGreaterThan(5);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(100);
    expect(sorted[sorted.length - 1]).toBeLessThan(250);
  });
});
