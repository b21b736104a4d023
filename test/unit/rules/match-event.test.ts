import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchEvent, matchEventSequential, matchInputOf } from '../../../src/core/rules/match-event.js';
import { compileRulePlan, normalizeRuleOid } from '../../../src/core/rules/rule-plan.js';
import type { AlertRule } from '../../../src/ports/store.js';
import { rule } from './fixtures.js';

function first(rules: AlertRule[], event: Record<string, unknown>): number | null {
  const plan = compileRulePlan(rules);
  const input = matchInputOf(event);
  const a = matchEvent(plan, input)?.rule.id ?? null;
  const b = matchEventSequential(plan, input)?.rule.id ?? null;
  expect(a).toBe(b);
  return a;
}

describe('contains rules', () => {
  it('match case-insensitively as a substring', () => {
    const r = rule({ pattern: 'LINK-3-UPDOWN' });
    expect(first([r], { message: 'x %link-3-updown: down' })).toBe(r.id);
    expect(first([r], { message: 'link 3 updown' })).toBeNull();
  });

  it('treat regex metacharacters literally', () => {
    const r = rule({ pattern: 'a.b*(c)' });
    expect(first([r], { message: 'see A.B*(C) here' })).toBe(r.id);
    expect(first([r], { message: 'axbbbc' })).toBeNull();
  });

  it('never match with an empty or null pattern', () => {
    expect(first([rule({ pattern: '' }), rule({ pattern: null, trap_oid: '1.2' })], { message: 'anything' })).toBeNull();
  });
});

describe('regex rules', () => {
  it('search anywhere, case-insensitive', () => {
    const r = rule({ match_type: 'regex', pattern: '^%BGP-\\d-NOTIFICATION' });
    expect(first([r], { message: '%bgp-3-notification: received' })).toBe(r.id);
    expect(first([r], { message: 'x %BGP-3-NOTIFICATION' })).toBeNull();
  });

  it('leave out invalid regexes and report them', () => {
    const bad = rule({ match_type: 'regex', pattern: '(a)\\1' });
    const good = rule({ match_type: 'regex', pattern: 'a', priority: 200 });
    const plan = compileRulePlan([bad, good]);
    expect(plan.invalid.map((i) => i.rule.id)).toEqual([bad.id]);
    expect(first([bad, good], { message: 'aa' })).toBe(good.id);
  });
});

describe('OID rules', () => {
  it('normalise leading dots and trailing wildcards', () => {
    expect(normalizeRuleOid('.1.3.6.1.4.1.9.*')).toBe('1.3.6.1.4.1.9');
    expect(normalizeRuleOid('1.3.6*')).toBe('1.3.6');
  });

  it.each([
    ['.1.3.6.1.4.1.9.9.41', '1.3.6.1.4.1.9.9.41.2.0.1', true],
    ['1.3.6.1.4.1.9.9.41', '.1.3.6.1.4.1.9.9.41.2.0.1', true],
    ['.1.3.6.1.4.1.9.9.41', '.1.3.6.1.4.1.9.9.41', true],
    ['.1.3.6.1.4.1.9.*', '1.3.6.1.4.1.9.9.41', true],
    ['1.2.3', '1.2.30', false],
    ['1.2.3', '1.2', false],
  ])('rule %s vs event %s → %s', (ruleOid, eventOid, hit) => {
    const r = rule({ match_type: 'oid_prefix', trap_oid: ruleOid });
    expect(first([r], { trap_oid: eventOid, message: 'trap' })).toBe(hit ? r.id : null);
  });

  it('a trap event only tries the OID of rules that have one; syslog rules still see its message', () => {
    const both = rule({ match_type: 'contains', pattern: 'trap text', trap_oid: '1.9', priority: 1 });
    const textOnly = rule({ pattern: 'trap text', priority: 2 });
    expect(first([both, textOnly], { trap_oid: '1.3.6', message: 'trap text' })).toBe(textOnly.id);
    expect(first([both], { message: 'trap text' })).toBe(both.id);
  });

  it('severity never filters an OID match', () => {
    const r = rule({ match_type: 'oid_prefix', trap_oid: '1.3', syslog_severity: 0 });
    expect(first([r], { trap_oid: '1.3.6', syslog_severity: 'debug' })).toBe(r.id);
  });

  it('oid_prefix rules never match events without trap_oid', () => {
    expect(first([rule({ match_type: 'oid_prefix', trap_oid: '1.3', pattern: 'x' })], { message: 'x' })).toBeNull();
  });
});

describe('severity filter and ordering', () => {
  it('compares names and numbers after normalisation', () => {
    const r = rule({ pattern: 'fan', syslog_severity: 4 });
    expect(first([r], { message: 'fan', syslog_severity: 'Warning' })).toBe(r.id);
    expect(first([r], { message: 'fan', syslog_severity: '4' })).toBe(r.id);
    expect(first([r], { message: 'fan', severity: 'warn' })).toBe(r.id);
    expect(first([r], { message: 'fan', syslog_severity: 'Error' })).toBeNull();
    expect(first([r], { message: 'fan' })).toBeNull();
  });

  it('lower priority number wins; ties go to the lower id whatever the input order', () => {
    const a = rule({ id: 50, pattern: 'x', priority: 10 });
    const b = rule({ id: 40, pattern: 'x', priority: 10 });
    const c = rule({ id: 1, pattern: 'x', priority: 20 });
    expect(first([a, b, c], { message: 'x' })).toBe(40);
    expect(first([c, a, b], { message: 'x' })).toBe(40);
  });

  it('skips disabled rules', () => {
    const off = rule({ pattern: 'x', priority: 1, enabled: false });
    const on = rule({ pattern: 'x', priority: 2 });
    expect(first([off, on], { message: 'x' })).toBe(on.id);
  });

  it('coerces non-string messages instead of failing', () => {
    const r = rule({ pattern: '42' });
    expect(first([r], { message: 4242 })).toBe(r.id);
    expect(first([rule({ pattern: '"k":1' })], { message: { k: 1 } })).not.toBeNull();
  });

  it('planned and sequential paths agree on random rule sets', () => {
    const word = fc.constantFrom('link', 'down', 'up', 'fan', 'cpu', 'x.y', 'a+b', 'LINK', 'linkdown', 'fan.x');
    const pattern = fc.oneof(
      word,
      fc.constantFrom('li?nk', 'link.*down', 'l(i|o)nk', 'up|down', 'fan\\.x', 'cpu{0,2}x', '[lL]ink', 'link\\b', 'do+wn'),
    );
    const ruleArb = fc.record({
      match_type: fc.constantFrom('contains', 'regex', 'oid_prefix') as fc.Arbitrary<'contains' | 'regex' | 'oid_prefix'>,
      pattern: fc.option(pattern, { nil: null }),
      trap_oid: fc.option(fc.constantFrom('1.3', '.1.3.6', '1.3.6.1', '1.4', '1.3.*'), { nil: null }),
      priority: fc.integer({ min: 1, max: 5 }),
      syslog_severity: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
    });
    const eventArb = fc.record({
      message: fc.option(
        fc.array(word, { maxLength: 4 }).map((w) => w.join(fc.sample(fc.constantFrom(' ', ''), 1)[0] ?? ' ')),
        { nil: undefined },
      ),
      trap_oid: fc.option(fc.constantFrom('1.3.6.1.2', '.1.3', '1.4.1', '1.30'), { nil: undefined }),
      syslog_severity: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 12 }), eventArb, (specs, ev) => {
        const rules = specs.map((s, i) => rule({ ...s, id: i + 1 }));
        const plan = compileRulePlan(rules);
        const input = matchInputOf(ev);
        expect(matchEvent(plan, input)?.rule.id ?? null).toBe(matchEventSequential(plan, input)?.rule.id ?? null);
      }),
      { numRuns: 2000 },
    );
  });
});
