// Runs on every profile: it only reads the script files and what the build embedded from them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandName, type ScriptName } from '../../../src/adapters/redis/script-loader.js';
import { LUA_SCRIPTS } from '../../../src/generated/lua-scripts.js';

const LUA_DIR = fileURLToPath(new URL('../../../src/adapters/redis/lua/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Parsed {
  header: string;
  body: string;
}

/** Header = the leading `--` comment lines or a leading `--[[ … ]]` block. */
function parse(text: string): Parsed {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('--[[')) {
    const end = trimmed.indexOf(']]');
    return { header: trimmed.slice(0, end + 2), body: stripComments(trimmed.slice(end + 2)) };
  }
  const lines = text.split('\n');
  const firstCode = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('--'));
  const cut = firstCode === -1 ? lines.length : firstCode;
  return { header: lines.slice(0, cut).join('\n'), body: stripComments(lines.slice(cut).join('\n')) };
}

function stripComments(code: string): string {
  return code
    .split('\n')
    .map((l) => l.replace(/--.*$/, ''))
    .join('\n');
}

/** True when the header names `NAME[i]` itself or a range `NAME[a..b]` / `NAME[a..n]` that covers it. */
function documented(header: string, name: 'KEYS' | 'ARGV', i: number): boolean {
  if (header.includes(`${name}[${i}]`)) return true;
  for (const m of header.matchAll(new RegExp(`${name}\\[(\\d+)\\.\\.(\\d+|n)?\\]`, 'g'))) {
    const lo = Number(m[1]);
    const hi = m[2] === undefined || m[2] === 'n' ? Number.POSITIVE_INFINITY : Number(m[2]);
    if (i >= lo && i <= hi) return true;
  }
  return false;
}

describe('redis Lua scripts', () => {
  const files = readdirSync(LUA_DIR)
    .filter((f) => f.endsWith('.lua'))
    .sort();

  it('every script file is embedded once, its key count taken from the file name and its includes expanded', () => {
    const embedded = Object.values(LUA_SCRIPTS)
      .map((s) => s.file)
      .sort();
    expect(embedded).toEqual(files);
    for (const [name, s] of Object.entries(LUA_SCRIPTS)) {
      expect(s.file).toBe(`${name}-${s.numberOfKeys}.lua`);
      expect(s.lua).not.toMatch(/^--@include/m);
      expect(s.sha1).toBe(createHash('sha1').update(s.lua).digest('hex'));
    }
    expect(LUA_SCRIPTS.rateLimit.lua).toContain('local function sw_now_us()');
  });

  it("command names carry the body version, so two builds sharing one Redis never run each other's script", () => {
    for (const name of Object.keys(LUA_SCRIPTS) as ScriptName[]) {
      expect(commandName(name)).toBe(`mutt_${name}_v${LUA_SCRIPTS[name].sha1.slice(0, 8)}`);
    }
  });

  it('the generated modules match their sources (a stale src/generated fails here)', () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, 'scripts/embed-assets.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it.each(files)('%s is named <command>-<numkeys>.lua and documents every KEYS[i] and ARGV[i] it uses', (file) => {
    const m = /^([A-Za-z][A-Za-z0-9]*)-(\d+)\.lua$/.exec(file);
    expect(m, `bad script file name ${file}`).not.toBeNull();
    const numKeys = Number(m?.[2]);
    const { header, body } = parse(readFileSync(join(LUA_DIR, file), 'utf8'));
    expect(header.length, `${file} has no header comment`).toBeGreaterThan(0);
    const keysUsed = new Set([...body.matchAll(/KEYS\[(\d+)\]/g)].map((x) => Number(x[1])));
    const argvUsed = new Set([...body.matchAll(/ARGV\[(\d+)\]/g)].map((x) => Number(x[1])));
    for (const i of keysUsed) {
      expect(i, `${file} uses KEYS[${i}] but declares ${numKeys} keys`).toBeLessThanOrEqual(numKeys);
    }
    for (let i = 1; i <= numKeys; i++) expect(documented(header, 'KEYS', i), `${file}: KEYS[${i}] undocumented`).toBe(true);
    for (const i of argvUsed) expect(documented(header, 'ARGV', i), `${file}: ARGV[${i}] undocumented`).toBe(true);
    // Scripts that walk ARGV as a whole must document the range they walk.
    if (/#ARGV|unpack\(ARGV/.test(body))
      expect(/ARGV\[\d+\.\.(\d+|n)?\]/.test(header), `${file}: ARGV range undocumented`).toBe(true);
    // Key names come from src/core/keys.ts through KEYS, never literals inside a script.
    expect(body, `${file} hard-codes a key name`).not.toMatch(/['"]mutt:/);
  });
});
