import { describe, expect, it } from 'vitest';
import { LiteralIndex } from '../../../src/core/rules/literal-index.js';
import { regexGuard, regexGuards } from '../../../src/core/rules/regex-guard.js';

describe('regexGuard', () => {
  it.each([
    ['^%BGP-\\d-NOTIFICATION', '-notification'],
    ['link.*down', 'link'],
    ['Interface (?P<x>\\S+) changed state', ' changed state'],
    ['fan\\.tray', 'fan.tray'],
    ['abcd?ef', 'abc'],
    ['up|down', null],
    ['(?s)anything', null],
    ['a{0,3}bcd', 'bcd'],
    ['[xyz]+', null],
  ])('%s → %s', (src, guard) => {
    expect(regexGuard(src)).toBe(guard);
  });
});

describe('LiteralIndex', () => {
  it('finds every literal, overlapping ones included', () => {
    const idx = new LiteralIndex();
    ['he', 'she', 'his', 'hers'].forEach((w, i) => idx.add(w, i));
    idx.build();
    const hits = new Set<number>();
    idx.scan('ushers', (id) => hits.add(id));
    expect([...hits].sort()).toEqual([0, 1, 3]);
  });
});

describe('regexGuards', () => {
  it('lists every mandatory run of 3+ characters', () => {
    expect(regexGuards('link\\d+ (?P<x>fan).*id=12\\b')).toEqual(['link', 'id=12']);
  });
});
