// RULE_REGEX_MAX_PROGRAM_SIZE: the write-time bound on a regex rule's per-event cost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_RULES } from '../../../src/adapters/sql/seed-examples.js';
import { compileRulePattern, DEFAULT_RULE_REGEX_MAX_PROGRAM_SIZE } from '../../../src/core/rules/compile-rule-pattern.js';
import { explainEvent } from '../../../src/core/rules/explain.js';
import { compileRulePlan } from '../../../src/core/rules/rule-plan.js';
import { runRulesTest } from '../../../src/services/alerter/run-rules-test.js';
import { rule } from './fixtures.js';

const HOSTILE = '\\w{1000}'.repeat(28);
/** Regexes operators write: seed examples plus the larger realistic shapes (IPv6, UUID, 20-way alternations). */
const REALISTIC = [
  ...EXAMPLE_RULES.filter((r) => r.match_type === 'regex').map((r) => r.pattern as string),
  '\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b',
  '(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}',
  '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  '(?P<iface>(?:Gi|Te|Fa)\\d+/\\d+(?:/\\d+)?) changed state to (?P<state>up|down)',
  '%(LINK|LINEPROTO|OSPF|BGP|EIGRP|HSRP|STP|SPANTREE|PLATFORM|ENVMON|SYS|SNMP|SEC|AUTHMGR|DOT1X|ILPOWER|PM|CDP|LLDP|DUAL)-[0-7]-[A-Z_]+',
  'error.{0,100}timeout',
  '(?:\\w+\\s){0,20}failed',
  '^<\\d{1,3}>\\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} ',
];

describe('regex program-size budget', () => {
  it('refuses the 28-fold \\w{1000} with a reason that names the budget and the program size', () => {
    const c = compileRulePattern(HOSTILE);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.tooCostly).toBe(true);
    expect(c.error).toContain(`RULE_REGEX_MAX_PROGRAM_SIZE=${DEFAULT_RULE_REGEX_MAX_PROGRAM_SIZE}`);
    expect(c.error).toContain('28002 RE2 instructions');
  });

  it('refuses nested counted repetition: over RE2 limits as invalid, within them by program size', () => {
    const nested = compileRulePattern('(a{100}){100}');
    expect(nested.ok === false && !nested.tooCostly).toBe(true);
    const product = compileRulePattern('(?:[a-z]{20}){20}');
    expect(product.ok === false && product.tooCostly).toBe(true);
  });

  it('accepts every realistic and example rule at the default', () => {
    for (const p of REALISTIC) {
      const c = compileRulePattern(p);
      expect(c.ok, `${p}: ${c.ok ? '' : c.error}`).toBe(true);
    }
  });

  it('accepts a pattern exactly when its program fits the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 10, max: 3000 }), (n, budget) => {
        const pattern = `id=\\w{${n}}`;
        const unbounded = compileRulePattern(pattern, { maxProgramSize: Number.MAX_SAFE_INTEGER });
        if (!unbounded.ok) return false;
        const c = compileRulePattern(pattern, { maxProgramSize: budget });
        return c.ok === unbounded.programSize <= budget && (c.ok || c.tooCostly);
      }),
    );
  });

  it('leaves an over-budget rule out of the plan and keeps the rest', () => {
    const bad = rule({ match_type: 'regex', pattern: HOSTILE, priority: 1 });
    const good = rule({ match_type: 'regex', pattern: 'disk (full|error)', priority: 2 });
    const plan = compileRulePlan([bad, good], { maxProgramSize: 300 });
    expect(plan.rules.map((p) => p.rule.id)).toEqual([good.id]);
    expect(plan.invalid).toEqual([expect.objectContaining({ rule: bad, tooCostly: true })]);
    expect(compileRulePlan([bad, good], { maxProgramSize: 30_000 }).invalid).toEqual([]);
  });

  it('explain (mutt rules test) reports the over-budget rule with MUTT_RULE_PATTERN_TOO_COSTLY and skips it', async () => {
    const bad = rule({ match_type: 'regex', pattern: HOSTILE, priority: 1 });
    const good = rule({ pattern: 'disk full', priority: 2 });
    const direct = explainEvent({ hostname: 'h', message: 'disk full' }, [bad, good], [], [], { maxProgramSize: 300 });
    expect(direct.matched?.rule_id).toBe(good.id);
    const store = { loadEnabledRules: async () => [bad, good], loadDevHosts: async () => [], loadDeviceTeams: async () => [] };
    const r = await runRulesTest(store, JSON.stringify({ hostname: 'h', message: 'disk full' }), { maxProgramSize: 300 });
    expect(r.invalid_rules).toEqual([
      {
        rule_id: bad.id,
        code: 'MUTT_RULE_PATTERN_TOO_COSTLY',
        error: expect.stringContaining('RULE_REGEX_MAX_PROGRAM_SIZE=300'),
      },
    ]);
    expect(r.matched?.rule_id).toBe(good.id);
  });
});
