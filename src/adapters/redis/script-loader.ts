// Loads the Lua scripts in ./lua (`<command>-<numkeys>.lua`) into an ioredis client with defineCommand.
// Missing files fail fast at startup rather than on the first claim.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/** Resolves to the repo's src/adapters/redis/lua both from src/ (vitest) and from dist/adapters/redis (compiled). */
export const LUA_DIR = fileURLToPath(new URL('../../../src/adapters/redis/lua/', import.meta.url));

export const SCRIPTS = {
  claimBatch: 2,
  pushBounded: 1,
  release: 2,
  settle: 4,
  recover: 2,
  move: 2,
  rateLimit: 1,
  rateLimitMany: 1,
  rateReserve: 1,
  rateCount: 1,
  compareAndDelete: 1,
} as const satisfies Record<string, number>;

export type ScriptName = keyof typeof SCRIPTS;
export type ScriptArg = string | number;

export function scriptPath(name: ScriptName, dir: string = LUA_DIR): string {
  return `${dir}${dir.endsWith('/') ? '' : '/'}${name}-${SCRIPTS[name]}.lua`;
}

/** Reads every script once; throws naming the missing file. */
export function readScripts(dir: string = LUA_DIR): Record<ScriptName, string> {
  const out = {} as Record<ScriptName, string>;
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    const path = scriptPath(name, dir);
    if (!existsSync(path)) throw new Error(`Redis Lua script missing: ${path}`);
    out[name] = readFileSync(path, 'utf8');
  }
  return out;
}

/** Typed entry point to the defined commands (ioredis adds them as untyped methods). */
export interface ScriptRunner {
  run(name: ScriptName, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown>;
}

type ScriptFn = (...args: ScriptArg[]) => Promise<unknown>;

export function loadScripts(redis: Redis, sources: Record<ScriptName, string> = readScripts()): ScriptRunner {
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    redis.defineCommand(name, { numberOfKeys: SCRIPTS[name], lua: sources[name] });
  }
  const methods = redis as unknown as Record<ScriptName, ScriptFn>;
  return {
    run(name, keys, args) {
      if (keys.length !== SCRIPTS[name]) throw new Error(`script ${name} takes ${SCRIPTS[name]} keys, got ${keys.length}`);
      return methods[name].call(redis, ...keys, ...args);
    },
  };
}
