// Issue 5 acceptance in a real browser against a RUNNING stack: `mutt start --demo` as a child process (embedded
// profile, fresh data dir, free ports). Chromium logs in (a wrong key refused first), creates a rule after a
// dry-run, `mutt send` posts a matching event, the overview counters move, the event shows in the audit browser,
// and a DLQ entry produced by the stack itself (mock Moogsoft answering 400) is replayed from the DLQ view and
// reaches the mock. Finishes with a phone-sized readability check. Screenshots go to test-artifacts/screenshots/.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts, REPO_ROOT, spawnMutt, stopAll, waitFor, type MuttProcess } from '../helpers/processes.js';
import { LOCAL, mockEvents, postIngest, readEmbeddedKeys, tempDataDir } from './support/stack.js';

const SHOTS = 'test-artifacts/screenshots';
const RUN = randomUUID().slice(0, 8);
const MARKER = `E2E-MARKER-${RUN}`;
const HOST = `e2e-browser-${RUN}`;
const SENT_CID = `e2e-browser-sent-${RUN}`;
const DLQ_TAG = `E2E-DLQ-${RUN}`;
const DLQ_CID = `e2e-browser-dlq-${RUN}`;

let proc: MuttProcess | undefined;
let data: { dir: string; remove: () => Promise<void> };
let ports: Record<string, string>;
let keys: { ingest: string; webui: string };
let browser: Browser | undefined;
let page: Page;
let base = '';
let ruleId = '';
let handledBefore = '';

const port = (name: string): string => ports[name] as string;
const tileValue = async (p: Page, id: string): Promise<string> => ((await p.textContent(`#${id} .value`)) ?? '').trim();

/** The webui's own API, with the generated key: used only to know when the stack has done something. */
async function webuiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${base}/api/v2${path}`, { headers: { 'x-api-key': keys.webui } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

async function mockControl(behaviour: Record<string, unknown>): Promise<void> {
  const res = await fetch(`http://${LOCAL}:${port('MOCK_MOOG_PORT')}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
  });
  expect(res.status).toBe(200);
}

function runMutt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin/mutt.js'), ...args],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', MUTT_DATA_DIR: data.dir },
        timeout: 30_000,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const reloadsDone = (): number => (proc?.output().match(/Cache reload complete/g) ?? []).length;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  data = await tempDataDir('browser');
  ports = await freeServicePorts();
  // Automatic remediation would replay mutt:dlq:moog by itself and race the operator's replay this test drives.
  proc = spawnMutt(['start', '--demo'], { MUTT_DATA_DIR: data.dir, REMEDIATION_ENABLED: 'false', ...ports });
  await proc.waitForOutput(/MUTT is running/, 90_000);
  keys = await readEmbeddedKeys(data.dir);
  base = `http://${LOCAL}:${port('WEBUI_PORT')}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (proc) await stopAll([proc]);
  await data?.remove();
});

describe('dashboard in a browser against `mutt start --demo`', () => {
  it('refuses a wrong key, then logs in and shows the live overview', async () => {
    await page.goto(base);
    await page.fill('#api-key', 'wrong-key');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:has-text("refused")');
    await page.screenshot({ path: `${SHOTS}/01-login-refused.png` });
    await page.fill('#api-key', keys.webui);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#tile-handled .value');
    await page.waitForSelector('text=Queue depths');
    // Every service of the running stack answers the overview's health probes.
    for (const svc of ['ingestor', 'alerter', 'forwarder', 'remediation'])
      await page.waitForSelector(`tr:has(td:text-is("${svc}")) .badge.healthy`);
    expect(await page.locator('#overview-tiles svg').count()).toBeGreaterThan(0);
    handledBefore = await tileValue(page, 'tile-handled');
    await page.screenshot({ path: `${SHOTS}/02-overview.png`, fullPage: true });
  });

  it('dry-runs a new rule against a sample event containing the marker, then saves it', async () => {
    await page.click('nav a[data-view=rules]');
    await page.waitForSelector('#rule-search');
    await page.click('#rule-new');
    await page.fill('#f-rule_name', `e2e_browser_${RUN}`);
    await page.fill('#f-pattern', MARKER);
    await page.fill('#f-priority', '5');
    await page.fill('#f-prod_handling', 'Page_and_ticket');
    await page.fill('#f-dev_handling', 'Ignore');
    await page.fill('#f-team_assignment', 'NetOps');
    await page.fill('#f-reason', 'browser e2e');
    await page.fill('#dry-sample', JSON.stringify({ hostname: HOST, message: `${MARKER} interface flapped` }));
    await page.click('#dry-event');
    await page.waitForSelector('#dry-result:has-text("decision changes")');
    const dry = (await page.textContent('#dry-result')) ?? '';
    expect(dry).toContain('Before: unhandled');
    expect(dry).toContain('After: Page_and_ticket');
    await page.screenshot({ path: `${SHOTS}/03-rule-dry-run.png`, fullPage: true });

    const reloads = reloadsDone();
    await page.click('#rule-save');
    await page.waitForSelector('#rule-editor', { state: 'hidden' });
    const row = page.locator(`tr:has(td:text-is("e2e_browser_${RUN}"))`);
    await row.waitFor();
    ruleId = ((await row.locator('td').first().textContent()) ?? '').trim();
    expect(ruleId).toMatch(/^\d+$/);
    await page.screenshot({ path: `${SHOTS}/04-rule-saved.png`, fullPage: true });
    // The save publishes a change; the alerter reloads its cache on it (not on its 300 s timer).
    await waitFor(async () => reloadsDone() > reloads, 10_000, 'the alerter to reload its rules after the save');
  });

  it('`mutt send` posts a matching event and exits 0', async () => {
    const file = join(data.dir, 'event.json');
    await writeFile(
      file,
      JSON.stringify({ hostname: HOST, message: `${MARKER} interface flapped`, syslog_severity: 3, correlation_id: SENT_CID }),
    );
    const r = await runMutt([
      'send',
      file,
      '--url',
      `http://${LOCAL}:${port('INGESTOR_PORT')}/api/v2/ingest`,
      '--api-key',
      keys.ingest,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 accepted, 0 rejected');
    expect(r.stdout).toContain(`correlation_id=${SENT_CID}`);
  });

  it('the overview counters move after the send', async () => {
    await page.click('nav a[data-view=overview]');
    // The overview polls every 3 s; the handled tile counts audit rows of the last minute.
    await page.waitForFunction(
      (before) => {
        const v = document.querySelector('#tile-handled .value')?.textContent?.trim();
        return v !== undefined && v !== before && Number(v) > 0;
      },
      handledBefore,
      { timeout: 20_000 },
    );
    const after = await tileValue(page, 'tile-handled');
    console.log(`[e2e] overview handled/s tile: ${handledBefore} → ${after}`);
    expect(Number(after)).toBeGreaterThan(Number(handledBefore) || 0);
    expect(Number(await tileValue(page, 'tile-out'))).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/05-overview-after-send.png`, fullPage: true });
  });

  it('shows the event in the audit browser, matched by the new rule, and drills down by correlation id', async () => {
    await page.click('nav a[data-view=events]');
    await page.waitForSelector('#ev-host');
    await page.fill('#ev-host', HOST);
    // The row is written by the alerter; re-apply the filter until it is there.
    await waitFor(
      async () => {
        await page.click('#ev-apply');
        await page.waitForSelector('#events table, #events .state:not(.loading)', { timeout: 5_000 });
        return (await page.locator(`#events td:text-is("${HOST}")`).count()) > 0;
      },
      15_000,
      'the audit row of the sent event',
      250,
    );
    const row = page.locator('#events tr.clickable').first();
    expect(await row.locator('td').nth(2).textContent()).toBe(ruleId);
    expect(await row.locator('td').nth(3).textContent()).toBe('Page_and_ticket');
    expect(await row.locator('td').nth(4).textContent()).toBe('yes');
    await row.click();
    await page.waitForSelector(`#event-detail:has-text("${SENT_CID}")`);
    await page.waitForSelector('#event-detail:has-text("share this correlation id")');
    await page.screenshot({ path: `${SHOTS}/06-event-audit.png`, fullPage: true });
    // Forwarded for real: the demo's mock Moogsoft got it.
    await waitFor(
      async () => (await mockEvents(port('MOCK_MOOG_PORT'))).some((e) => e.external_id === SENT_CID),
      10_000,
      'the sent event at the mock',
    );
  });

  it('replays a dead-lettered alert from the DLQ view after confirmation, and the mock receives it', async () => {
    // Moogsoft rejects this one alert with 400 → the forwarder dead-letters it as non_retryable.
    await mockControl({ rules: [{ match: DLQ_TAG, status: 400 }] });
    const ingest = await postIngest(port('INGESTOR_PORT'), keys.ingest, {
      hostname: HOST,
      message: `${MARKER} ${DLQ_TAG} link down`,
      syslog_severity: 3,
      correlation_id: DLQ_CID,
    });
    expect(ingest.status).toBe(200);
    type DlqPage = { depth: number; entries: { correlation_id: string | null; reason: string | null }[] };
    await waitFor(
      async () => (await webuiGet<DlqPage>('/dlq/moog')).entries.find((e) => e.correlation_id === DLQ_CID),
      15_000,
      'the rejected alert in mutt:dlq:moog',
    );
    expect((await mockEvents(port('MOCK_MOOG_PORT'))).some((e) => e.external_id === DLQ_CID)).toBe(false);
    // Moogsoft is fine again before the operator replays.
    await mockControl({ rules: [] });

    await page.click('nav a[data-view=dlq]');
    await page.selectOption('#dlq-queue', 'moog');
    await page.waitForSelector('#dlq-list td:text-is("non_retryable")');
    await page.click('#dlq-list tr.clickable td:nth-child(2)');
    await page.waitForSelector(`#dlq-inspect pre:has-text("${DLQ_CID}")`);
    await page.screenshot({ path: `${SHOTS}/07-dlq-entry.png`, fullPage: true });
    await page.check('.dlq-select');
    await page.click('#dlq-replay');
    await page.waitForSelector('#confirm-dialog:has-text("Replay 1 entry of mutt:dlq:moog")');
    await page.screenshot({ path: `${SHOTS}/08-dlq-confirm.png` });
    await page.click('#confirm-yes');
    await page.waitForSelector('#dlq-msg:has-text("Replayed 1, failed 0")');
    await page.waitForSelector('#dlq-list:has-text("This DLQ is empty")');
    await page.screenshot({ path: `${SHOTS}/09-dlq-replayed.png`, fullPage: true });
    expect((await webuiGet<DlqPage>('/dlq/moog')).depth).toBe(0);
    const got = await waitFor(
      async () => (await mockEvents(port('MOCK_MOOG_PORT'))).find((e) => e.external_id === DLQ_CID),
      15_000,
      'the replayed alert at the mock',
    );
    expect(String(got.event.description ?? got.event.message ?? '')).toContain(DLQ_TAG);
  });

  it('shows the config audit, dynamic config and hosts pages, and stays readable on a phone', async () => {
    await page.click('nav a[data-view=changes]');
    await page.waitForSelector('#changes td:has-text("alert_rules")');
    await page.screenshot({ path: `${SHOTS}/10-config-audit.png`, fullPage: true });
    await page.click('nav a[data-view=config]');
    await page.waitForSelector('#config input[data-key=alerter_shed_mode]');
    await page.screenshot({ path: `${SHOTS}/10b-dynamic-config.png`, fullPage: true });
    await page.click('nav a[data-view=hosts]');
    await page.waitForSelector('#view h2:text-is("Dev hosts and teams")');
    await page.screenshot({ path: `${SHOTS}/10c-hosts-teams.png`, fullPage: true });

    const phone = await (browser as Browser).newPage({ viewport: { width: 375, height: 740 } });
    try {
      await phone.goto(`${base}/?api_key=${keys.webui}`);
      await phone.waitForSelector('#tile-handled .value');
      expect(phone.url()).not.toContain('api_key');
      const overflow = async (): Promise<{ mainScroll: number; mainClient: number; doc: number; viewport: number }> =>
        phone.evaluate(() => {
          const main = document.getElementById('main') as HTMLElement;
          return {
            mainScroll: main.scrollWidth,
            mainClient: main.clientWidth,
            doc: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
          };
        });
      for (const [view, ready, shot] of [
        ['overview', '#tile-handled .value', '11-phone-overview'],
        ['events', '#events table', '12-phone-event-audit'],
        ['rules', '#rule-search', '13-phone-rules'],
      ] as const) {
        if (view !== 'overview') await phone.click(`nav a[data-view=${view}]`);
        await phone.waitForSelector(ready);
        const o = await overflow();
        expect(o.mainScroll, `${view}: main content wider than the screen`).toBeLessThanOrEqual(o.mainClient);
        expect(o.doc, `${view}: page scrolls sideways`).toBeLessThanOrEqual(o.viewport);
        await phone.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
      }
    } finally {
      await phone.close();
    }
  });
});
