// The one loader for every Redis Lua script (src/adapters/redis/lua/<command>-<numkeys>.lua, embedded at build time
// by scripts/embed-assets.mjs). Each is defined under a versioned name, mutt_<command>_v<sha1 prefix>, so two MUTT
// versions sharing one Redis never run each other's script body.
import type { ChainableCommander, Redis } from 'ioredis';
import { LUA_SCRIPTS } from '../../generated/lua-scripts.js';

export type ScriptName = keyof typeof LUA_SCRIPTS;
export type ScriptArg = string | number;

const NAMES = Object.keys(LUA_SCRIPTS) as ScriptName[];

export function commandName(name: ScriptName): string {
  return `mutt_${name}_v${LUA_SCRIPTS[name].sha1.slice(0, 8)}`;
}

/** Typed entry point to the defined commands (ioredis adds them as untyped methods). */
export interface ScriptRunner {
  run(name: ScriptName, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown>;
  /** Queues one run on a pipeline; its reply comes back from the pipeline's exec(). */
  queue(pipe: ChainableCommander, name: ScriptName, keys: readonly string[], args: readonly ScriptArg[]): void;
}

type ScriptFn = (...args: ScriptArg[]) => unknown;

function command(target: Redis | ChainableCommander, name: ScriptName, keys: readonly string[]): ScriptFn {
  const want = LUA_SCRIPTS[name].numberOfKeys;
  if (keys.length !== want) throw new Error(`script ${name} takes ${want} keys, got ${keys.length}`);
  return (target as unknown as Record<string, ScriptFn>)[commandName(name)] as ScriptFn;
}

export function loadScripts(redis: Redis): ScriptRunner {
  for (const name of NAMES)
    redis.defineCommand(commandName(name), { numberOfKeys: LUA_SCRIPTS[name].numberOfKeys, lua: LUA_SCRIPTS[name].lua });
  return {
    run: (name, keys, args) => command(redis, name, keys).call(redis, ...keys, ...args) as Promise<unknown>,
    queue(pipe, name, keys, args) {
      command(pipe, name, keys).call(pipe, ...keys, ...args);
    },
  };
}
