import { describe, expect, it } from 'vitest';
import { compileRulePattern, normalizeRulePattern } from '../../../src/core/rules/compile-rule-pattern.js';

describe('compileRulePattern', () => {
  it('is case-insensitive and searches anywhere', () => {
    const c = compileRulePattern('link.*down');
    expect(c.ok).toBe(true);
    if (c.ok) {
      expect(c.regex.test('%LINK-3-UPDOWN: Interface x changed state to DOWN')).toBe(true);
      expect(c.regex.test('link up')).toBe(false);
    }
  });

  it('keeps Python named groups (?P<name>)', () => {
    const c = compileRulePattern('Interface (?P<ifname>\\S+) changed');
    expect(c.ok).toBe(true);
    if (c.ok) expect(c.regex.test('Interface Gi0/1 changed state')).toBe(true);
  });

  it('strips a leading (?i) and maps \\Z to \\z but not an escaped backslash', () => {
    expect(normalizeRulePattern('(?i)abc\\Z')).toBe('abc\\z');
    expect(normalizeRulePattern('a\\\\Z')).toBe('a\\\\Z');
    const c = compileRulePattern('(?i)down\\Z');
    expect(c.ok && c.regex.test('link DOWN')).toBe(true);
    expect(c.ok && c.regex.test('down link')).toBe(false);
  });

  it('treats regex escapes literally where escaped', () => {
    const c = compileRulePattern('10\\.0\\.0\\.1');
    expect(c.ok && c.regex.test('from 10.0.0.1')).toBe(true);
    expect(c.ok && c.regex.test('from 10x0x0x1')).toBe(false);
  });

  it('rejects what RE2 cannot run in linear time (backreferences, lookahead) with a reason', () => {
    for (const p of ['(a)\\1', '(?=x)y', '(?P=name)', '[unclosed']) {
      const c = compileRulePattern(p);
      expect(c.ok, p).toBe(false);
      if (!c.ok) expect(c.error.length).toBeGreaterThan(0);
    }
  });

  it('runs a catastrophic-backtracking pattern in linear time', () => {
    const c = compileRulePattern('(a+)+$');
    expect(c.ok).toBe(true);
    const t0 = performance.now();
    if (c.ok) expect(c.regex.test(`${'a'.repeat(50_000)}!`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
