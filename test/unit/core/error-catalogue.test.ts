// The error catalogue, docs/api.md and the codes in src/ name the same set: operators look codes up in the doc.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVars } from '../../../src/config/vars/index.js';
import { ERRORS, MuttError, type ErrorCode, type ErrorSpec } from '../../../src/core/errors.js';

const root = join(import.meta.dirname, '../../..');
const apiDoc = readFileSync(join(root, 'docs/api.md'), 'utf8');
const varNames = new Set(Object.values(configVars).flatMap((d) => [d.name, ...d.aliases]));
// `MUTT_*` strings that are neither error codes nor settings: a Moog event type and a bench-only switch.
const NOT_ERRORS = new Set(['MUTT_UNHANDLED', 'MUTT_BENCH_INGEST_LOADGEN']);

function catalogueTable(doc: string): Map<string, { status: number; exit: number | null }> {
  const start = doc.indexOf('\n## Error catalogue\n');
  expect(start, 'docs/api.md has a "## Error catalogue" section').toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  const rows = new Map<string, { status: number; exit: number | null }>();
  for (const line of doc.slice(start, end === -1 ? undefined : end).split('\n')) {
    const m = /^\| `(MUTT_[A-Z_]+)` \| (\d{3}) \| (\d*) ?\| .+ \|$/.exec(line);
    if (!m) continue;
    expect(rows.has(m[1] as string), `${m[1]} listed twice`).toBe(false);
    rows.set(m[1] as string, { status: Number(m[2]), exit: m[3] === '' ? null : Number(m[3]) });
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('error catalogue', () => {
  it('docs/api.md lists every catalogue code, with its status and exit code, and no other', () => {
    const table = catalogueTable(apiDoc);
    expect([...table.keys()].sort()).toEqual(Object.keys(ERRORS).sort());
    for (const [code, spec] of Object.entries(ERRORS) as [ErrorCode, ErrorSpec][]) {
      expect(table.get(code), code).toEqual({ status: spec.status, exit: spec.exitCode ?? null });
    }
  });

  it('every MUTT_* name in docs/api.md is a catalogue code or a setting', () => {
    const unknown = [...new Set(apiDoc.match(/MUTT_[A-Z_]+/g))].filter((n) => !(n in ERRORS) && !varNames.has(n));
    expect(unknown).toEqual([]);
  });

  it('every quoted MUTT_* code in src/ is in the catalogue', () => {
    const strays: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](MUTT_[A-Z_]+)['"`]/g)) {
        const name = m[1] as string;
        if (!(name in ERRORS) && !varNames.has(name) && !NOT_ERRORS.has(name))
          strays.push(`${file.slice(root.length + 1)}: ${name}`);
      }
    }
    expect(strays).toEqual([]);
  });

  it('a MuttError takes status and exit code from its entry (1 unless the entry says otherwise), and keeps its cause', () => {
    const cause = new Error('socket closed');
    const err = new MuttError('MUTT_STORE_UNAVAILABLE', undefined, undefined, { cause });
    expect(err).toMatchObject({ status: 503, exitCode: 1, message: 'Database unavailable', cause });
    expect(new MuttError('MUTT_DUPLICATE_POD')).toMatchObject({ status: 409, exitCode: 78 });
    expect(new MuttError('MUTT_USAGE', 'bad --batch', { field: 'batch' })).toMatchObject({
      status: 400,
      exitCode: 2,
      message: 'bad --batch',
      details: { field: 'batch' },
    });
  });
});
