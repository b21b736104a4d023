import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeUnhandledMessage as norm,
  SIGNATURE_INPUT_LIMIT,
  unhandledSignature,
} from '../../../src/core/rules/unhandled-signature.js';

const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
const words = fc.array(word, { minLength: 1, maxLength: 8 });
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true });

/** Values of one kind that must all collapse to the same placeholder. */
const variable = {
  integer: fc.nat().map(String),
  decimal: fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
  hexId: fc
    .tuple(fc.stringMatching(/^[0-9a-f]{0,12}$/), fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[0-9a-f]{0,12}$/))
    .map(([a, d, b]) => `${a}${d}${b}`),
  prefixedHex: fc.stringMatching(/^[0-9a-fA-F]{1,16}$/).map((h) => `0x${h}`),
  uuid: fc.uuid(),
  mac: fc
    .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
    .map((b) => b.map((x) => x.toString(16).padStart(2, '0')).join(':')),
  ipv4: fc.ipV4(),
  ipv4WithPort: fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([ip, p]) => `${ip}:${p}`),
  ipv6: fc.ipV6().filter((ip) => ip !== '::'),
  iso: date.map((d) => d.toISOString()),
  isoOffset: fc
    .tuple(date, fc.integer({ min: -12, max: 14 }))
    .map(([d, h]) => `${d.toISOString().slice(0, 19)}${h < 0 ? '-' : '+'}${pad(Math.abs(h))}:00`),
  syslog: date.map(
    (d) =>
      `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  ),
  ciscoUptime: date.map(
    (d) =>
      `*${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`,
  ),
};

/** Strings rich in the characters the patterns care about, so shrinking finds boundary cases. */
const tricky = fc.string({
  unit: fc.constantFrom(
    ...'0129afAFgxXTZz:.-,/ #<>_\t%*()'.split(''),
    'Mar',
    'Mon',
    '::',
    '2024-01-02',
    '10:11:12',
    'ff:ee:dd:cc:bb:aa',
    '1.2.3.4',
  ),
  maxLength: 40,
});
const tokenised = fc
  .array(fc.oneof(word, ...Object.values(variable), fc.constantFrom(' ', ': ', ', ', '-', '/', '.', ':', '=')), { maxLength: 12 })
  .map((p) => p.join(''));

describe('unhandled signature normalisation', () => {
  it('collapses counters, ids, addresses and timestamps in real device text', () => {
    expect(norm('%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down')).toBe(
      '%LINK-#-UPDOWN: Interface GigabitEthernet#/#, changed state to down',
    );
    expect(norm('*Mar  1 00:01:23.456: %SYS-5-CONFIG_I: Configured from console by vty0 (10.1.1.1)')).toBe(
      '*<ts>: %SYS-#-CONFIG_I: Configured from console by vty# (<ip>)',
    );
    expect(
      norm('2024-05-06T07:08:09.123Z sw1 seq=918273 drops=17 session 0x7f3a2c id 5f2b9c1e-8d4a-4c3e-9b1a-2e7f6d5c4b3a'),
    ).toBe('<ts> sw# seq=# drops=# session <hex> id <hex>');
    expect(norm('neighbor fe80::a00:27ff:fe4e:66a1%eth0 mac 00:1a:2b:3c:4d:5e via 2001:db8::1 port 514')).toBe(
      'neighbor <ip>%eth# mac <hex> via <ip> port #',
    );
    expect(
      norm('%ASA-6-302013: Built outbound TCP connection 123456 for outside:8.8.8.8/53 (8.8.8.8/53) to inside:10.0.0.5/51234'),
    ).toBe('%ASA-#-#: Built outbound TCP connection # for outside:<ip>/# (<ip>/#) to inside:<ip>/#');
    expect(norm('uptime 1,234,567.89 s at 10:11:12')).toBe('uptime # s at #');
    expect(norm('  spaced\t\tout \n text ')).toBe('spaced out text');
  });

  it('keeps words: hex-looking words, a lone :: and C++ scopes are not ids', () => {
    for (const s of [
      'test',
      'LINK-DOWN: Interface down',
      'bad face added to cafe',
      'std::vector failed',
      'a :: b',
      'Error: peer reset',
    ])
      expect(norm(s)).toBe(s);
  });

  it('the same message with a new counter is one signature; a different message is not', () => {
    expect(unhandledSignature('Interface Gi0/1 flapped 17 times')).toBe(unhandledSignature('Interface Gi0/2 flapped 18 times'));
    expect(unhandledSignature('*Mar  1 00:01:23.456: BGP peer 10.0.0.1 down')).toBe(
      unhandledSignature('*Apr 30 23:59:59.999: BGP peer 192.168.7.254 down'),
    );
    expect(unhandledSignature('BGP peer 10.0.0.1 down')).not.toBe(unhandledSignature('BGP peer 10.0.0.1 up'));
  });

  it('words-only text keeps its v2.5 signature: SHA-1 of the text', () => {
    expect(unhandledSignature('test')).toBe('a94a8fe5ccb19ba6');
    expect(unhandledSignature('LINK-DOWN: Interface eth0')).toBe(unhandledSignature('LINK-DOWN: Interface eth#'));
  });

  it('only the first SIGNATURE_INPUT_LIMIT characters count, so a huge event costs a bounded amount', () => {
    const head = 'x'.repeat(SIGNATURE_INPUT_LIMIT);
    expect(unhandledSignature(`${head} tail one`)).toBe(unhandledSignature(`${head} another tail`));
  });

  it('property: idempotent', () => {
    for (const arb of [tricky, tokenised, fc.string(), fc.string({ unit: 'grapheme' })]) {
      fc.assert(
        fc.property(arb, (s) => norm(norm(s)) === norm(s)),
        { numRuns: 2000 },
      );
    }
  });

  it('property: words separated by spaces are kept as they are', () => {
    fc.assert(
      fc.property(words, (ws) => norm(ws.join(' ')) === ws.join(' ')),
      { numRuns: 1000 },
    );
  });

  for (const [kind, arb] of Object.entries(variable)) {
    it(`property: ${kind} values collapse, the words around them stay`, () => {
      fc.assert(
        fc.property(words, words, arb, arb, (before, after, a, b) => {
          const line = (v: string): string => `${before.join(' ')} ${v} ${after.join(' ')}`;
          const n = norm(line(a));
          return n === norm(line(b)) && n.startsWith(`${before.join(' ')} `) && n.endsWith(` ${after.join(' ')}`);
        }),
        { numRuns: 300 },
      );
    });
  }
});
