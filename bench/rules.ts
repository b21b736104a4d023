// Rule-engine benchmark: 1,000 mixed rules (contains / regex / oid_prefix), mixed syslog and trap events, one core.
// Prints events/s for the planned path (what the alerter runs). Usage: npm run bench:rules -- [--rules 1000] [--seconds 3]
import { parseArgs } from 'node:util';
import { matchEvent, matchInputOf } from '../src/core/rules/match-event.js';
import { compileRulePlan } from '../src/core/rules/rule-plan.js';
import type { AlertRule } from '../src/ports/store.js';

const WORDS = [
  'link',
  'down',
  'up',
  'bgp',
  'ospf',
  'fan',
  'power',
  'supply',
  'cpu',
  'memory',
  'temp',
  'interface',
  'error',
  'failed',
  'denied',
  'auth',
  'login',
  'config',
  'changed',
  'neighbor',
  'vlan',
  'port',
  'trunk',
  'disk',
  'raid',
];

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A message or trap OID that matches rule i of mixedRules (used to build realistic hit rates). */
const samples: { message: string; trap_oid?: string }[] = [];

export function mixedRules(n: number, rand = rng(1)): AlertRule[] {
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)] as string;
  const rules: AlertRule[] = [];
  samples.length = 0;
  for (let i = 0; i < n; i++) {
    const kind = i % 10 < 4 ? 'contains' : i % 10 < 7 ? 'regex' : 'oid_prefix';
    const [w1, w2, w3] = [pick(), pick(), pick()];
    const contains = `%${w1.toUpperCase()}-${i % 7}-${w2.toUpperCase()}${i}`;
    const oid = `.1.3.6.1.4.1.${9 + (i % 50)}.${i}`;
    samples.push(
      kind === 'contains'
        ? { message: `${contains}: Interface Gi0/1 ${w3} changed` }
        : kind === 'regex'
          ? { message: `${w1}${i % 10} ${w2} on port ${w3} id=${i} end` }
          : { message: `trap ${w3}`, trap_oid: `${oid.slice(1)}.2.0.1` },
    );
    rules.push({
      id: i + 1,
      rule_name: `bench_${i}`,
      pattern: kind === 'contains' ? contains : kind === 'regex' ? `${w1}\\d+ (?P<x>${w2}).*id=${i}\\b` : null,
      trap_oid: kind === 'oid_prefix' ? oid : null,
      syslog_severity: null,
      match_type: kind,
      priority: 1 + (i % 100),
      prod_handling: 'Page_and_ticket',
      dev_handling: 'Ignore',
      team_assignment: 'NETO',
      enabled: true,
    });
  }
  return rules;
}

/** Events for the rules last built by mixedRules: `hitRatio` of them match a rule, the rest are random text. */
export function mixedEvents(n: number, rand = rng(2), hitRatio = 0.8): Record<string, unknown>[] {
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)] as string;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    if (samples.length > 0 && rand() < hitRatio) {
      const s = samples[Math.floor(rand() * samples.length)] as { message: string; trap_oid?: string };
      out.push({ hostname: `rtr-${i % 500}`, syslog_severity: 'Warning', ...s });
      continue;
    }
    const r = i % 4;
    if (r === 3) {
      out.push({
        hostname: `sw-${i % 300}`,
        trap_oid: `1.3.6.1.4.1.${9 + (i % 60)}.${i % 1200}.2.0.1`,
        message: `trap ${pick()} ${pick()}`,
        severity: 'Alert',
      });
    } else {
      const tag =
        r === 0
          ? `%${pick().toUpperCase()}-${i % 7}-${pick().toUpperCase()}${i % 1000}`
          : `${pick()}${i % 10} ${pick()} id=${i % 1500}`;
      out.push({
        hostname: `rtr-${i % 500}`,
        message: `${tag}: Interface GigabitEthernet0/${i % 48} ${pick()} changed state to ${pick()}`,
        syslog_severity: WORDS.length % 8,
      });
    }
  }
  return out;
}

export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { rules: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '3' } },
  });
  const t0 = performance.now();
  const plan = compileRulePlan(mixedRules(Number(values.rules)));
  const compileMs = performance.now() - t0;
  const inputs = mixedEvents(10_000).map(matchInputOf);
  let matched = 0;
  for (const i of inputs) if (matchEvent(plan, i)) matched++; // warm the automaton
  const deadline = performance.now() + Number(values.seconds) * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < deadline) {
    for (const i of inputs) matchEvent(plan, i);
    n += inputs.length;
  }
  const secs = (performance.now() - start) / 1000;
  process.stdout.write(
    `rules=${plan.rules.length} (invalid=${plan.invalid.length}) compile=${compileMs.toFixed(0)}ms matched=${matched}/${inputs.length}\n` +
      `match: ${Math.round(n / secs).toLocaleString('en-US')} events/s on one core (${n} events in ${secs.toFixed(2)} s)\n`,
  );
}
