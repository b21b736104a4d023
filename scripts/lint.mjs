#!/usr/bin/env node
// House rules the compiler can't check (STYLE.md): config read in one place, no ad-hoc env reads in services,
// no weak regex engine on rule input, files kept small, comments that cite only documents in docs/; and the structural
// checks in lint/ (import boundaries, cycles, function length).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FUNCTION_ALLOWLIST, IMPORT_ALLOWLIST } from './lint/allowlist.mjs';
import { checkArchitecture } from './lint/architecture.mjs';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const warnings = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) check(p);
    else if (p.endsWith('.lua')) checkCitations(relative(root, p), readFileSync(p, 'utf8').split('\n'), '--');
  }
}

// Comments cite only what a reader of the repository can open (STYLE 13): docs/*.md, never the out-of-repo specs.
function checkCitations(rel, lines, marker) {
  if (rel.startsWith('src/generated/')) return; // built from migrations/ and Lua files, which carry their own comments
  lines.forEach((line, i) => {
    const at = line.indexOf(marker);
    const comment = /^\s*(\/\*|\*)/.test(line) ? line : at >= 0 ? line.slice(at) : '';
    if (comment === '') return;
    const outside = [...comment.matchAll(/([\w./-]+\.md) ?§/g)].filter((m) => !m[1].startsWith('docs/'));
    const bareSection = /§/.test(comment) && !/docs\/[\w-]+\.md ?§/.test(comment);
    if (/\bDECISIONS\b|\bREVIEW\b/.test(comment) || outside.length > 0 || bareSection) {
      problems.push(
        `${rel}:${i + 1}: comment cites a document outside the repository; state the reason or cite docs/ (STYLE 13)`,
      );
    }
  });
}

function check(file) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (/process\.env\b/.test(text) && !rel.startsWith('src/cli/') && !rel.startsWith('src/config/')) {
    problems.push(`${rel}: reads process.env; take typed Config instead (STYLE 6)`);
  }
  if (/from ['"](ioredis-mock|pg-mem)['"]/.test(text)) problems.push(`${rel}: mocks of Redis/PostgreSQL are not allowed`);
  checkCitations(rel, lines, '//');
  if (rel.startsWith('src/') && lines.length > 450) warnings.push(`${rel}: ${lines.length} lines (aim for < 400)`);
  lines.forEach((line, i) => {
    if (/\bnew RegExp\(/.test(line) && /rule|pattern/i.test(line) && !rel.includes('test/')) {
      problems.push(`${rel}:${i + 1}: rule patterns must use compileRulePattern (RE2), not RegExp`);
    }
  });
}

walk(join(root, 'src'));
const architecture = checkArchitecture(root, { imports: IMPORT_ALLOWLIST, functions: FUNCTION_ALLOWLIST });
problems.push(...architecture.problems);
warnings.push(...architecture.warnings);
for (const w of warnings) console.warn(`warning: ${w}`);
for (const p of problems) console.error(`error: ${p}`);
if (problems.length > 0) process.exit(1);
console.log(`lint: ok (${warnings.length} warning(s))`);
