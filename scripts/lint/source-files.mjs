// Walks src/ and parses each .ts file once with the TypeScript compiler, for the structural checks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Every `.ts` file under `<root>/src` as `{ rel, source }`, `rel` with forward slashes (`src/core/keys.ts`). */
export function parseSourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
        const rel = relative(root, p).split(sep).join('/');
        files.push({ rel, source: ts.createSourceFile(rel, readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, true) });
      }
    }
  };
  walk(join(root, 'src'));
  return files;
}
