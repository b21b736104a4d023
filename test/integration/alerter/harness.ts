// Starts a real alerter on createTestBackends() with fast timings and free ports.
import { randomUUID } from 'node:crypto';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger, type Logger } from '../../../src/observability/logger.js';
import type { Backends } from '../../../src/ports/backends.js';
import type { AlertRuleInput } from '../../../src/ports/store.js';
import { startAlerter } from '../../../src/services/alerter/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
export { freePort } from '../../support/free-port.js';
import { freePort } from '../../support/free-port.js';

/** The alerter reads no secret; a fixed empty source satisfies the context. */
const noSecrets: SecretSource = {
  origin: 'env',
  get: () => undefined,
  values: () => ({}),
  reload: async () => ({ changed: [], values: {} }),
  onChange: () => () => undefined,
  close: async () => undefined,
};

export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const ctxChange = { changedBy: 'test' };

export function ruleInput(p: Partial<AlertRuleInput>): AlertRuleInput {
  return {
    rule_name: p.rule_name ?? `r_${randomUUID().slice(0, 8)}`,
    pattern: p.pattern ?? null,
    trap_oid: p.trap_oid ?? null,
    syslog_severity: p.syslog_severity ?? null,
    match_type: p.match_type ?? 'contains',
    priority: p.priority ?? 100,
    prod_handling: p.prod_handling ?? 'Page_and_ticket',
    dev_handling: p.dev_handling ?? 'Ignore',
    team_assignment: p.team_assignment ?? 'NETO',
    enabled: p.enabled ?? true,
  };
}

export interface Harness {
  readonly tb: TestBackends;
  readonly b: Backends;
  readonly healthPort: number;
  /** `ctx` swaps the logger (e.g. a capture logger) or injects the clock of rate-limited log lines. */
  start(overrides?: Partial<Backends>, pod?: string, ctx?: { logger?: Logger; now?: () => number }): Promise<RunningService>;
  event(fields: Record<string, unknown>): string;
  cleanup(): Promise<void>;
}

export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const tb = await createTestBackends();
  const running: RunningService[] = [];
  const healthPort = await freePort();
  const metricsPort = await freePort();
  const config = loadConfig({
    ...tb.env,
    ALERTER_HEALTH_PORT: String(healthPort),
    ALERTER_METRICS_PORT: String(metricsPort),
    ALERTER_BRPOPLPUSH_TIMEOUT: '0.1',
    HEARTBEAT_TTL: '5',
    HEARTBEAT_INTERVAL: '1',
    LOG_EVENT_LINES: 'false',
    ...env,
  });
  return {
    tb,
    b: tb.backends,
    healthPort,
    async start(overrides = {}, pod = `alerter-${randomUUID().slice(0, 6)}`, ctx = {}) {
      const backends = { ...tb.backends, ...overrides } as Backends;
      const svc = await startAlerter({
        config,
        backends,
        logger: ctx.logger ?? silentLogger(),
        podName: pod,
        instanceId: randomUUID(),
        secrets: noSecrets,
        now: ctx.now,
      });
      running.push(svc);
      return svc;
    },
    event(fields) {
      const cid = randomUUID();
      return JSON.stringify({
        hostname: 'core-1',
        timestamp: new Date().toISOString(),
        message: 'hello',
        correlation_id: cid,
        _correlation_id: cid,
        ...fields,
      });
    },
    async cleanup() {
      for (const s of running.reverse()) await s.stop();
      await tb.cleanup();
    },
  };
}

export async function metricsText(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  return r.text();
}

export function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}
