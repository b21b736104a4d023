// Shared circuit breaker on Redis: every transition is one run of lua/circuitOp-5.lua.
import type { CircuitConfig, CircuitState, Verdict } from '../../core/moog/circuit-breaker.js';
import type { Keys } from '../../core/keys.js';
import type { CircuitStatus, CircuitStore } from '../../ports/circuit-store.js';
import type { ScriptRunner } from './script-loader.js';

type Reply = [string, number | string, number | string, string, string];

const NO_CFG: CircuitConfig = { threshold: 1, openMs: 0, probeTtlMs: 1 };

function toStatus(r: Reply): CircuitStatus {
  const openedAt = Number(r[2]);
  return {
    state: r[0] as CircuitState,
    failures: Number(r[1]),
    openedAtMs: openedAt < 0 ? null : openedAt,
    probeHolder: r[3] === '' ? null : r[3],
  };
}

export function createRedisCircuitStore(scripts: ScriptRunner, keys: Keys): CircuitStore {
  const c = keys.circuit;
  const run = async (op: string, cfg: CircuitConfig, arg = ''): Promise<Reply> =>
    (await scripts.run(
      'circuitOp',
      [c.state, c.failures, c.openTime, c.probe, c.failedIds],
      [op, cfg.threshold, Math.round(cfg.openMs), Math.max(1, Math.round(cfg.probeTtlMs)), arg],
    )) as Reply;
  return {
    async admit(cfg, holder) {
      const r = await run('admit', cfg, holder);
      return { verdict: r[4] as Verdict, status: toStatus(r) };
    },
    recordSuccess: async (cfg) => toStatus(await run('success', cfg)),
    recordFailure: async (cfg, id) => toStatus(await run('failure', cfg, id)),
    recordProbeSuccess: async (cfg) => toStatus(await run('probe_ok', cfg)),
    status: async (cfg) => toStatus(await run('status', cfg)),
    reset: async () => toStatus(await run('reset', NO_CFG)),
  };
}
