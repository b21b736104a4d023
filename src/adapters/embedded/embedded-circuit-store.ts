// Embedded profile: one process holds the breaker, so the pure state machine in memory is the whole store.
// Losing it on restart is what CIRCUIT_BREAKER_RESET_ON_START does anyway.
import {
  admit,
  CLOSED,
  onFailure,
  onProbeSuccess,
  onSuccess,
  refresh,
  type CircuitSnapshot,
} from '../../core/moog/circuit-breaker.js';
import type { CircuitStatus, CircuitStore } from '../../ports/circuit-store.js';

function view(s: CircuitSnapshot): CircuitStatus {
  return { state: s.state, failures: s.failures, openedAtMs: s.openedAtMs, probeHolder: s.probeHolder };
}

export function createEmbeddedCircuitStore(now: () => number = Date.now): CircuitStore {
  let snap: CircuitSnapshot = CLOSED;
  return {
    async admit(cfg, holder) {
      const r = admit(snap, now(), cfg, holder);
      snap = r.next;
      return { verdict: r.verdict, status: view(snap) };
    },
    async recordSuccess(cfg) {
      snap = onSuccess(snap, now(), cfg);
      return view(snap);
    },
    async recordFailure(cfg, id) {
      snap = onFailure(snap, id, now(), cfg);
      return view(snap);
    },
    async recordProbeSuccess(cfg) {
      snap = onProbeSuccess(snap, now(), cfg);
      return view(snap);
    },
    // Reading never moves the breaker: past the open period it reports the HALF_OPEN the next send will find.
    status: async (cfg) => view(refresh(snap, now(), cfg)),
    async reset() {
      snap = CLOSED;
      return view(snap);
    },
  };
}
