#!/usr/bin/env node
// House rules the compiler can't check (STYLE.md): config read in one place, no ad-hoc env reads in services,
// no weak regex engine on rule input, files kept small.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const warnings = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) check(p);
  }
}

function check(file) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (/process\.env\b/.test(text) && !rel.startsWith('src/cli/') && !rel.startsWith('src/config/') && !rel.startsWith('src/bench/') && !rel.startsWith('src/testing/')) {
    problems.push(`${rel}: reads process.env; take typed Config instead (STYLE 6)`);
  }
  if (/from ['"](ioredis-mock|pg-mem)['"]/.test(text)) problems.push(`${rel}: mocks of Redis/PostgreSQL are not allowed`);
  if (rel.startsWith('src/') && lines.length > 450) warnings.push(`${rel}: ${lines.length} lines (aim for < 400)`);
  lines.forEach((line, i) => {
    if (/\bnew RegExp\(/.test(line) && /rule|pattern/i.test(line) && !rel.includes('test/')) {
      problems.push(`${rel}:${i + 1}: rule patterns must use compileRulePattern (RE2), not RegExp`);
    }
  });
}

walk(join(root, 'src'));
for (const w of warnings) console.warn(`warning: ${w}`);
for (const p of problems) console.error(`error: ${p}`);
if (problems.length > 0) process.exit(1);
console.log(`lint: ok (${warnings.length} warning(s))`);
