// Drives the real dashboard in Chromium against a webui started in-process on embedded back ends:
// log in, create a rule after a dry-run, browse the event audit, replay a DLQ entry. Screenshots go to
// test-artifacts/screenshots/.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqEntry } from '../../src/core/dlq-entry.js';
import { resolveSecrets } from '../../src/app/secrets.js';
import { silentLogger } from '../../src/observability/logger.js';
import { buildWebuiApp } from '../../src/services/webui/index.js';
import { createTestBackends, type TestBackends } from '../helpers/backends.js';

const KEY = 'browser-test-key-42';
const SHOTS = 'test-artifacts/screenshots';
let tb: TestBackends;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tb = await createTestBackends({ MUTT_PROFILE: 'embedded', MUTT_DATA_DIR: 'memory://', WEBUI_API_KEY: KEY });
  const secrets = await resolveSecrets(tb.config, silentLogger());
  app = await buildWebuiApp({ config: tb.config, backends: tb.backends, logger: silentLogger(), podName: 'e2e-webui', instanceId: randomUUID(), secrets }, { healthTargets: [] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const seedRule = await tb.backends.store.createRule(
    { rule_name: 'seed', pattern: 'BGP', trap_oid: null, syslog_severity: null, match_type: 'contains', priority: 50, prod_handling: 'Page_and_ticket', dev_handling: 'Ignore', team_assignment: 'Core', enabled: true },
    { changedBy: 'e2e' },
  );
  await tb.backends.store.insertEventAudit([{ event_timestamp: new Date(), hostname: 'edge-router-7', matched_rule_id: seedRule.id, handling_decision: 'Page_and_ticket', forwarded_to_moog: true, raw_message: JSON.stringify({ hostname: 'edge-router-7', message: 'BGP neighbor down', _correlation_id: 'e2e-cid-1' }), correlation_id: 'e2e-cid-1' }]);
  await tb.backends.queues.push(tb.backends.keys.dlq('moog'), [JSON.stringify(dlqEntry({ hostname: 'edge-router-7', message: 'BGP neighbor down', correlation_id: 'e2e-cid-1' }, { reason: 'circuit_open', source: 'moog_forwarder', pod: 'fwd-1' }))]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await tb?.cleanup();
});

describe('dashboard in a browser', () => {
  it('refuses a wrong key, then logs in and shows the live overview', async () => {
    await page.goto(base);
    await page.fill('#api-key', 'wrong-key');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:has-text("refused")');
    await page.fill('#api-key', KEY);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#tile-in .value');
    await page.waitForSelector('text=Queue depths');
    expect(await page.locator('#overview-tiles svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
  });

  it('dry-runs a new rule against a sample event, then saves it', async () => {
    await page.click('nav a[data-view=rules]');
    await page.waitForSelector('text=seed');
    await page.click('#rule-new');
    await page.fill('#f-rule_name', 'link_down');
    await page.fill('#f-pattern', 'link down');
    await page.fill('#f-priority', '5');
    await page.fill('#f-prod_handling', 'Page_only');
    await page.fill('#f-dev_handling', 'Ignore');
    await page.fill('#f-team_assignment', 'NetOps');
    await page.fill('#dry-sample', '{"hostname":"sw-1","message":"Gi0/1 LINK DOWN"}');
    await page.click('#dry-event');
    await page.waitForSelector('#dry-result:has-text("decision changes")');
    expect(await page.textContent('#dry-result')).toContain('Page_only');
    await page.screenshot({ path: `${SHOTS}/rule-dry-run.png`, fullPage: true });
    await page.click('#rule-save');
    await page.waitForSelector('td:has-text("link_down")');
    const rules = await tb.backends.store.listRules();
    expect(rules.map((r) => r.rule_name)).toContain('link_down');
  });

  it('browses the event audit and drills down by correlation id', async () => {
    await page.click('nav a[data-view=events]');
    await page.waitForSelector('#events td:has-text("edge-router-7")');
    await page.fill('#ev-host', 'edge-router-7');
    await page.click('#ev-apply');
    await page.click('#events tr.clickable');
    await page.waitForSelector('#event-detail:has-text("e2e-cid-1")');
    await page.waitForSelector('#event-detail:has-text("share this correlation id")');
    await page.screenshot({ path: `${SHOTS}/event-audit.png`, fullPage: true });
  });

  it('replays a DLQ entry after confirmation', async () => {
    await page.click('nav a[data-view=dlq]');
    await page.selectOption('#dlq-queue', 'moog');
    await page.waitForSelector('#dlq-list td:has-text("circuit_open")');
    await page.click('#dlq-list tr.clickable td:nth-child(2)');
    await page.waitForSelector('#dlq-inspect pre:has-text("_dlq_reason")');
    await page.check('.dlq-select');
    await page.click('#dlq-replay');
    await page.click('#confirm-yes');
    await page.waitForSelector('#dlq-msg:has-text("Replayed 1")');
    await page.screenshot({ path: `${SHOTS}/dlq-replay.png`, fullPage: true });
    expect(await tb.backends.queues.depth(tb.backends.keys.dlq('moog'))).toBe(0);
    const replayed = JSON.parse((await tb.backends.queues.range(tb.backends.keys.alertQueue, 0, 0))[0] as string);
    expect(replayed.correlation_id).toBe('e2e-cid-1');
  });

  it('shows config audit history and stays readable on a phone', async () => {
    await page.click('nav a[data-view=changes]');
    await page.waitForSelector('#changes td:has-text("alert_rules")');
    await page.screenshot({ path: `${SHOTS}/config-audit.png`, fullPage: true });
    await page.click('nav a[data-view=config]');
    await page.waitForSelector('#config input[data-key=alerter_shed_mode]');
    await page.screenshot({ path: `${SHOTS}/dynamic-config.png`, fullPage: true });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${base}/?api_key=${KEY}`);
    await phone.waitForSelector('#tile-in .value');
    expect(phone.url()).not.toContain('api_key');
    await phone.screenshot({ path: `${SHOTS}/overview-phone.png`, fullPage: true });
    await phone.close();
  });
});
