// Worst-case CPU per event of one regex rule: adversarial pattern shapes sized to the largest program a budget
// admits, each matched (through the alerter's plan) against fresh hostile messages so no DFA cache helps.
// Usage: npm run bench:rule-regex-cost -- [--budget 300] [--kib 1,64] [--events 4] [--hostile]
import { parseArgs } from 'node:util';
import { compileRulePattern } from '../src/core/rules/compile-rule-pattern.js';
import { matchEvent, matchInputOf } from '../src/core/rules/match-event.js';
import { compileRulePlan } from '../src/core/rules/rule-plan.js';
import type { AlertRule } from '../src/ports/store.js';

/** Shapes that defeat re2js's DFA (many live NFA threads per character); k is the repeat count. */
const SHAPES: Record<string, (k: number) => string> = {
  word_run: (k) => `\\w{${k}}!`,
  any_run: (k) => `.{${k}}!`,
  bounded_gap: (k) => `a.{0,${k}}!`,
  word_groups: (k) => `(?:\\b\\w+\\b\\s?){${k}}!`,
  nfa_blowup: (k) => `(?:a|b)*a(?:a|b){${k}}!`,
  alternation: (k) => `(?:\\w\\s|\\s\\w|ab|ba){${k}}!`,
};
const ALPHABETS = ['x', 'abcdefgh ', 'ab', 'a b_9\n'];

function text(len: number, seed: number, alphabet: string): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < len; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += alphabet[s % alphabet.length];
  }
  return out;
}

function largestK(shape: (k: number) => string, budget: number): number | null {
  let best: number | null = null;
  for (let k = 1; k <= 1000; k++) {
    const c = compileRulePattern(shape(k), { maxProgramSize: budget });
    if (!c.ok) break;
    best = k;
  }
  return best;
}

function rule(pattern: string): AlertRule {
  return {
    id: 1,
    rule_name: 'bench',
    pattern,
    trap_oid: null,
    syslog_severity: null,
    match_type: 'regex',
    priority: 1,
    prod_handling: 'Ignore',
    dev_handling: 'Ignore',
    team_assignment: 'x',
    enabled: true,
  };
}

/** Worst ms per event over `events` fresh messages of each alphabet, for a freshly compiled plan: `first` is the
 * first event after a load (re2js builds its DFA lazily), `later` the worst of the others. */
function worstMs(pattern: string, budget: number, len: number, events: number): { first: number; later: number } {
  let first = 0;
  let later = 0;
  for (const alphabet of ALPHABETS) {
    const plan = compileRulePlan([rule(pattern)], { maxProgramSize: budget });
    for (let e = 0; e < events; e++) {
      const input = matchInputOf({ message: text(len, e + 1, alphabet) });
      const t = performance.now();
      matchEvent(plan, input);
      const ms = performance.now() - t;
      if (e === 0) first = Math.max(first, ms);
      else later = Math.max(later, ms);
    }
  }
  return { first, later };
}

export function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      budget: { type: 'string', default: '300' },
      kib: { type: 'string', default: '1,64' },
      events: { type: 'string', default: '4' },
      hostile: { type: 'boolean', default: false },
    },
  });
  const budget = Number(values.budget);
  const sizes = String(values.kib)
    .split(',')
    .map((k) => Number(k) * 1024);
  const events = Number(values.events);
  // Warm the JIT so the first shape is not charged for it.
  worstMs('warm\\w+up', budget, 1024, 50);
  const patterns: [string, string][] = values.hostile
    ? [['hostile_issue_8', '\\w{1000}'.repeat(28)]]
    : Object.entries(SHAPES).flatMap(([name, shape]) => {
        const k = largestK(shape, budget);
        return k === null ? [] : [[name, shape(k)] as [string, string]];
      });
  for (const [name, pattern] of patterns) {
    const c = compileRulePattern(pattern, { maxProgramSize: Number.MAX_SAFE_INTEGER });
    const size = c.ok ? c.programSize : -1;
    const cells = sizes.map((len) => {
      const w = worstMs(pattern, Math.max(budget, size), len, events);
      return `${len / 1024} KiB: first ${w.first.toFixed(2)} ms, later ${w.later.toFixed(2)} ms`;
    });
    process.stdout.write(`${name.padEnd(16)} program=${String(size).padStart(5)}  ${cells.join('  ')}\n`);
  }
}
