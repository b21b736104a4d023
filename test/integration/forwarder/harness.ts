// Shared set-up for forwarder/remediation integration tests: isolated back ends, a real mock-moog, free ports.
import { randomUUID } from 'node:crypto';
import type { RunningService, StartService } from '../../../src/services/runtime/service-contract.js';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger, type Logger } from '../../../src/observability/logger.js';
import type { Backends } from '../../../src/ports/backends.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startMockMoog, type RunningMockMoog } from '../../../src/mock-moog/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
export { freePort } from '../../support/free-port.js';
import { freePort } from '../../support/free-port.js';

export async function startWith(
  start: StartService,
  tb: TestBackends,
  env: Record<string, string>,
  pod = `pod-${randomUUID().slice(0, 6)}`,
  logger: Logger = silentLogger(),
): Promise<RunningService> {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const config = loadConfig({
    ...tb.env,
    MOOG_FORWARDER_HEALTH_PORT: String(ports[0]),
    MOOG_FORWARDER_METRICS_PORT: String(ports[1]),
    REMEDIATION_HEALTH_PORT: String(ports[2]),
    REMEDIATION_METRICS_PORT: String(ports[3]),
    BRPOPLPUSH_TIMEOUT: '0.2',
    DYNAMIC_CONFIG_ENABLED: 'false',
    LOG_EVENT_LINES: 'false',
    ...env,
  });
  return start({
    config,
    backends: tb.backends,
    logger,
    podName: pod,
    instanceId: randomUUID(),
    secrets: staticSecrets(config.moogApiKey),
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await fn();
  }
  return last;
}

export function alert(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    hostname: 'router-01',
    team_assignment: 'NetOps',
    severity: 'Major',
    message_body: `LINK-DOWN ${id}`,
    raw_json: { hostname: 'router-01', message: `LINK-DOWN ${id}` },
    correlation_id: id,
    _correlation_id: id,
    rule_id: 1,
    rule_name: 'link-down',
    handling_decision: 'Page_and_ticket',
    environment: 'production',
    ...extra,
  });
}

/** Empties every queue/list the forwarder and remediation touch, and resets shared state. */
export async function resetState(b: Backends): Promise<void> {
  const k = b.keys;
  for (const q of [k.alertQueue, k.ingestQueue, k.dlq('moog'), k.dlq('alerter'), k.dlq('dead'), k.retryMoog])
    await b.queues.purge(q);
  for (const prefix of [k.processingPrefix('moog'), k.processingPrefix('remediation')]) {
    for (const q of await b.queues.listQueues(prefix)) await b.queues.purge(q);
  }
  await b.circuit.reset();
  await b.rateLimiter.reset(k.rateLimit('moog'));
}

export async function dlqEntries(b: Backends, name: 'moog' | 'dead' | 'alerter'): Promise<Record<string, unknown>[]> {
  return (await b.queues.range(b.keys.dlq(name), 0, -1)).map((s) => JSON.parse(s) as Record<string, unknown>);
}

/** A Logger that keeps every line, for asserting the guide's log texts. */
export function capturingLogger(): { logger: import('../../../src/observability/logger.js').Logger; lines: string[] } {
  const lines: string[] = [];
  const mk = (): import('../../../src/observability/logger.js').Logger => {
    const rec =
      (level: string) =>
      (message: string): void => {
        lines.push(`${level} ${message}`);
      };
    return {
      debug: rec('DEBUG'),
      info: rec('INFO'),
      warning: rec('WARNING'),
      error: rec('ERROR'),
      critical: rec('CRITICAL'),
      child: () => mk(),
      flush: () => undefined,
    };
  };
  return { logger: mk(), lines };
}

/** A SecretSource holding only MOOG_API_KEY (no Vault in these tests). */
export function staticSecrets(moogApiKey: string | undefined): SecretSource {
  const values = moogApiKey === undefined ? {} : { MOOG_API_KEY: moogApiKey };
  return {
    origin: 'env',
    get: (n) => (values as Record<string, string | undefined>)[n],
    values: () => values,
    reload: async () => ({ changed: [], values }),
    onChange: () => () => undefined,
    close: async () => undefined,
  };
}

/**
 * Shared hooks for forwarder/remediation suites: one isolated back end and one mock Moog per file,
 * state reset before each test, services stopped after it.
 */
export function useForwarderFixture(bind: (tb: TestBackends, moog: RunningMockMoog) => void, running: RunningService[]): void {
  let tb: TestBackends | undefined;
  let moog: RunningMockMoog | undefined;
  beforeAll(async () => {
    tb = await createTestBackends();
    moog = await startMockMoog();
    bind(tb, moog);
  });
  afterAll(async () => {
    await moog?.stop();
    await tb?.cleanup();
  });
  beforeEach(async () => {
    moog?.state.reset();
    if (tb) await resetState(tb.backends);
  });
  afterEach(async () => {
    while (running.length > 0) await running.pop()?.stop();
  });
}
