// Tests run the TypeScript sources, which import src/generated/ (git-ignored): embed the Lua scripts and
// migrations first, so a test never runs a script body older than its .lua file.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/embed-assets.mjs', import.meta.url))], { stdio: 'inherit' });
}
