// A rule must not be able to hang a worker: over-budget regexes are refused on write, and a dry-run runs in a
// worker thread under WEBUI_RULE_TEST_BUDGET_MS while the web UI keeps answering.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRule, startHarness, type WebuiHarness } from './harness.js';

/** The example: valid RE2, 252 characters, ~28,000 instructions, seconds of CPU per event. */
const HOSTILE = '\\w{1000}'.repeat(28);
const regexRule = { ...sampleRule, match_type: 'regex' };

describe('rule regex budget: writes', () => {
  let h: WebuiHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('POST, PUT and v1 answer 400 MUTT_RULE_PATTERN_TOO_COSTLY naming RULE_REGEX_MAX_PROGRAM_SIZE and writing nothing', async () => {
    const before = (await h.call('GET', '/api/v2/rules')).json().rules.length;
    const post = await h.call('POST', '/api/v2/rules', { ...regexRule, pattern: HOSTILE });
    expect(post.statusCode).toBe(400);
    expect(post.json().code).toBe('MUTT_RULE_PATTERN_TOO_COSTLY');
    expect(post.json().error ?? post.json().message).toMatch(/RULE_REGEX_MAX_PROGRAM_SIZE=300/);
    const { pattern: _p, ...noPattern } = sampleRule;
    const v1 = await h.call('POST', '/api/v1/rules', { ...noPattern, match_type: 'regex', match_string: '(?:[a-z]\\d){200}' });
    expect(v1.statusCode).toBe(400);
    expect(v1.json().code).toBe('MUTT_RULE_PATTERN_TOO_COSTLY');
    const ok = await h.call('POST', '/api/v2/rules', { ...regexRule, pattern: '%[A-Z_]+-[0-2]-[A-Z_]+' });
    expect(ok.statusCode).toBe(201);
    const put = await h.call('PUT', `/api/v2/rules/${ok.json().id}`, { pattern: HOSTILE });
    expect(put.statusCode).toBe(400);
    expect(put.json().code).toBe('MUTT_RULE_PATTERN_TOO_COSTLY');
    const rules = (await h.call('GET', '/api/v2/rules')).json().rules as { pattern: string }[];
    expect(rules.length).toBe(before + 1);
    expect(rules.some((r) => r.pattern === HOSTILE)).toBe(false);
  });

  it('a dry-run with an over-budget candidate answers the same 400 and names the rule', async () => {
    const many = await h.call('POST', '/api/v2/rules/test', {
      rules: [regexRule, { ...regexRule, pattern: HOSTILE }],
      event: { hostname: 'h', message: 'x' },
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().code).toBe('MUTT_RULE_PATTERN_TOO_COSTLY');
    expect(JSON.stringify(many.json())).toMatch(/rules\[1\].*RULE_REGEX_MAX_PROGRAM_SIZE=300/);
    const one = await h.call('POST', '/api/v2/rules/test', { rule: { ...regexRule, pattern: HOSTILE }, last: 10 });
    expect(one.statusCode).toBe(400);
    expect(one.json().code).toBe('MUTT_RULE_PATTERN_TOO_COSTLY');
  });
});

describe('rule regex budget: dry-run off the event loop', () => {
  let h: WebuiHarness;
  beforeAll(async () => {
    // The budget is raised so the hostile pattern is admitted: the dry-run itself must still not block.
    h = await startHarness({}, { RULE_REGEX_MAX_PROGRAM_SIZE: '30000', WEBUI_RULE_TEST_BUDGET_MS: '1500' });
    const rule = await h.tb.backends.store.createRule(
      {
        ...sampleRule,
        rule_name: 'seed',
        match_type: 'contains',
        pattern: 'x',
        trap_oid: null,
        syslog_severity: null,
        enabled: true,
      },
      { changedBy: 'test' },
    );
    const big = 'x'.repeat(64 * 1024);
    await h.tb.backends.store.insertEventAudit(
      Array.from({ length: 3 }, () => ({
        event_timestamp: new Date(),
        hostname: 'core-1',
        matched_rule_id: rule.id,
        handling_decision: 'Page_and_ticket',
        forwarded_to_moog: true,
        raw_message: JSON.stringify({ hostname: 'core-1', message: big }),
        correlation_id: '',
      })),
    );
  });
  afterAll(async () => h.close());

  it('keeps /health under 100 ms while a hostile dry-run runs, and answers truncated at the budget', async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const healthMs: number[] = [];
    let done = false;
    const t0 = performance.now();
    const dry = h
      .call('POST', '/api/v2/rules/test', {
        rules: Array.from({ length: 5 }, (_v, i) => ({ ...regexRule, rule_name: `hostile${i}`, pattern: HOSTILE })),
        last: 3,
      })
      .finally(() => {
        done = true;
      });
    while (!done) {
      const s = performance.now();
      const r = await h.call('GET', '/health', undefined, {});
      healthMs.push(performance.now() - s);
      expect(r.statusCode).toBeLessThan(600);
      await new Promise((res) => setTimeout(res, 20));
    }
    const res = await dry;
    const elapsed = performance.now() - t0;
    loop.disable();
    const maxLoopMs = loop.max / 1e6;
    const sorted = [...healthMs].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)] as number;
    console.log(
      `hostile dry-run: ${elapsed.toFixed(0)} ms, max event-loop delay ${maxLoopMs.toFixed(1)} ms, /health p90 ${p90.toFixed(1)} ms, max ${Math.max(...healthMs).toFixed(1)} ms over ${healthMs.length} probes`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'audit', truncated: true, budget_ms: 1500, rows: 3 });
    expect(elapsed).toBeLessThan(1500 + 3000); // the budget starts once the worker has loaded its modules
    expect(healthMs.length).toBeGreaterThan(5);
    // Matching in-loop blocks for seconds (one hostile regex on 64 KiB costs ~10 s). The looser max absorbs
    // scheduling on a busy 2-core CI box, where the worker itself competes with this thread for a core.
    expect(p90).toBeLessThan(100);
    expect(Math.max(...healthMs)).toBeLessThan(250);
    expect(maxLoopMs).toBeLessThan(250);
  });

  it('an event-mode dry-run over the budget answers 422 MUTT_WEBUI_RULE_TEST_TIMEOUT naming the budget', async () => {
    const res = await h.call('POST', '/api/v2/rules/test', {
      rules: [{ ...regexRule, pattern: HOSTILE }],
      event: { hostname: 'core-1', message: 'x'.repeat(64 * 1024) },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('MUTT_WEBUI_RULE_TEST_TIMEOUT');
    expect(JSON.stringify(res.json())).toMatch(/WEBUI_RULE_TEST_BUDGET_MS=1500/);
  });
});
