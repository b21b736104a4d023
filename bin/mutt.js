#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript under dist/ (built by `npm run build`, run by `npm ci` via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`mutt: ${entry} is missing; run "npm run build" in ${root} first\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
