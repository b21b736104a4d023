import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkArchitecture } from '../../../scripts/lint/architecture.mjs';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// A small tree that follows every rule: ports and adapters over core, a service over a port and the runtime,
// and a type-only cycle (erased at run time, so allowed).
const VALID: Record<string, string> = {
  'src/core/keys.ts': "export const prefix = 'mutt';\n",
  'src/core/domain/rule.ts': "import type { RuleSet } from './rule-set.js';\nexport interface Rule { set?: RuleSet }\n",
  'src/core/domain/rule-set.ts': "import type { Rule } from './rule.js';\nexport interface RuleSet { rules: Rule[] }\n",
  'src/ports/queues.ts':
    "import type { Rule } from '../core/domain/rule.js';\nexport interface Queues { push(r: Rule): Promise<void> }\n",
  'src/adapters/redis-queues.ts':
    "import Redis from 'ioredis';\nimport type { Queues } from '../ports/queues.js';\nexport const make = (r: Redis): Queues | null => null;\n",
  'src/services/runtime/loop.ts': "import { prefix } from '../../core/keys.js';\nexport const loop = () => prefix;\n",
  'src/services/alerter/index.ts':
    "import type { Queues } from '../../ports/queues.js';\nimport { loop } from '../runtime/loop.js';\nexport const start = (q: Queues) => [q, loop()];\n",
  'src/services/alerter/worker.ts': "import { start } from './index.js';\nexport const w = start;\n",
};

function problemsOf(extra: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'mutt-lint-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ ...VALID, ...extra })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return checkArchitecture(root).problems;
}

/** A function of exactly `lines` lines. */
const functionOf = (name: string, lines: number) =>
  `export function ${name}(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines - 4)}  return n;\n}\n`;
const longFunction = functionOf('tooLong', 101);

describe('lint: import boundaries, cycles and function length', () => {
  it('a tree that follows the rules is clean, including a type-only cycle and a 100-line function', () => {
    expect(problemsOf({ 'src/core/just-fits.ts': functionOf('justFits', 100) })).toEqual([]);
  });

  it.each([
    [
      'a service importing an adapter',
      { 'src/services/alerter/bad.ts': "import { make } from '../../adapters/redis-queues.js';\nexport const b = make;\n" },
      'src/services/alerter/bad.ts: a service imports an adapter; go through a port (src/adapters/redis-queues.ts)',
    ],
    [
      'a service importing another service',
      { 'src/services/forwarder/index.ts': "import { start } from '../alerter/index.js';\nexport const f = start;\n" },
      'src/services/forwarder/index.ts: a service imports another service; share it through core, a port or services/runtime (src/services/alerter/index.ts)',
    ],
    [
      'a service importing the composition root',
      {
        'src/app/service.ts': 'export interface Ctx { pod: string }\n',
        'src/services/alerter/bad.ts': "import type { Ctx } from '../../app/service.js';\nexport type B = Ctx;\n",
      },
      'src/services/alerter/bad.ts: a service imports app (src/app/service.ts)',
    ],
    [
      'the runtime importing a service',
      { 'src/services/runtime/bad.ts': "import { start } from '../alerter/index.js';\nexport const b = start;\n" },
      'src/services/runtime/bad.ts: the runtime imports a service (src/services/alerter/index.ts)',
    ],
    [
      'core importing a port, even for a type',
      { 'src/core/bad.ts': "import type { Queues } from '../ports/queues.js';\nexport type B = Queues;\n" },
      'src/core/bad.ts: core imports ports (src/ports/queues.ts)',
    ],
    [
      'core importing node:fs',
      { 'src/core/bad.ts': "import { readFileSync } from 'node:fs';\nexport const b = readFileSync;\n" },
      'src/core/bad.ts: core imports an I/O module (node:fs)',
    ],
    [
      'core importing a database client',
      { 'src/core/bad.ts': "import pg from 'pg';\nexport const b = pg;\n" },
      'src/core/bad.ts: core imports an I/O module (pg)',
    ],
    [
      'a port importing an adapter',
      { 'src/ports/bad.ts': "export { make } from '../adapters/redis-queues.js';\n" },
      'src/ports/bad.ts: a port imports adapters (src/adapters/redis-queues.ts)',
    ],
    [
      'an import cycle',
      {
        'src/core/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/core/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      },
      'import cycle: src/core/a.ts -> src/core/b.ts -> src/core/a.ts',
    ],
    [
      'a function over 100 lines',
      { 'src/core/long.ts': longFunction },
      'src/core/long.ts:1: function tooLong is 101 lines (max 100); split it by operation',
    ],
  ])('fails on %s', (_kind, extra, expected) => {
    expect(problemsOf(extra)).toEqual([expected]);
  });

  it('an allowlisted violation passes, and a stale allowlist entry is reported', () => {
    const root = mkdtempSync(join(tmpdir(), 'mutt-lint-'));
    roots.push(root);
    for (const [path, text] of Object.entries({ ...VALID, 'src/core/long.ts': longFunction })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const result = checkArchitecture(root, {
      imports: ['src/core/x.ts -> src/ports/y.ts'],
      functions: ['src/core/long.ts:tooLong'],
    });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual(['allowlist entry no longer needed: src/core/x.ts -> src/ports/y.ts']);
  });
});
