// The worker-pod runtime on the test profile's real back ends: duplicate POD_NAME refused, own and dead pods' lists
// recovered, and the ordered stop that hands in-flight messages back and clears every timer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticSecrets } from '../../../src/app/static-secrets.js';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createRegistry } from '../../../src/observability/metrics.js';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { WorkerPod, type WorkerPodSpec } from '../../../src/services/runtime/worker-pod.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import { freePort } from '../forwarder/harness.js';

let tb: TestBackends;
const source = `runtime-src-${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  tb = await createTestBackends();
});
afterAll(async () => {
  await tb.cleanup();
});

async function podContext(pod: string): Promise<ServiceContext> {
  const config = loadConfig({ ...tb.env, HEARTBEAT_TTL: '2', SHUTDOWN_GRACE_SECONDS: '5' });
  return {
    config,
    backends: tb.backends,
    logger: silentLogger(),
    podName: pod,
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  };
}

async function spec(): Promise<WorkerPodSpec> {
  return {
    role: 'alerter',
    service: 'alerter',
    registry: createRegistry('runtime-test', false),
    health: async () => ({ healthy: true, body: { status: 'healthy' } }),
    ports: { health: await freePort(), metrics: await freePort() },
    returnList: (list) => tb.backends.queues.recover(list, source),
    janitor: { intervalSeconds: 3600, recoveredLine: (n, list) => `recovered ${n} from ${list}` },
  };
}

describe('worker pod runtime', () => {
  it('refuses a POD_NAME whose heartbeat another live instance holds (MUTT_DUPLICATE_POD, exit 78)', async () => {
    const pod = `dup-${randomUUID().slice(0, 6)}`;
    await tb.backends.heartbeats.beat('alerter', pod, 'other-instance', 60);
    await expect(WorkerPod.start(await podContext(pod), await spec())).rejects.toMatchObject({
      code: 'MUTT_DUPLICATE_POD',
      exitCode: 78,
    });
    expect(await tb.backends.heartbeats.read('alerter', pod)).toBe('other-instance');
    await tb.backends.heartbeats.remove('alerter', pod, 'other-instance');
  });

  it("start recovers its own list and a dead pod's list; stop returns in-flight messages, drops the heartbeat and closes in reverse order", async () => {
    const { queues, keys, heartbeats } = tb.backends;
    const pod = `own-${randomUUID().slice(0, 6)}`;
    await queues.purge(source);
    await queues.push(keys.processing('alerter', pod), ['left-by-previous-run']);
    await queues.push(keys.processing('alerter', `dead-${pod}`), ['left-by-dead-pod']);
    const ctx = await podContext(pod);
    const runtime = await WorkerPod.start(ctx, await spec());
    expect((await queues.range(source, 0, -1)).sort()).toEqual(['left-by-dead-pod', 'left-by-previous-run']);
    expect(await heartbeats.read('alerter', pod)).toBe(ctx.instanceId);

    await queues.push(runtime.processing, ['in-flight']);
    const closed: string[] = [];
    runtime.onStop(() => {
      closed.push('first');
    });
    runtime.onStop(async () => {
      closed.push('second');
    });
    let loopEnded = false;
    runtime.run(
      new Promise<void>((resolve) =>
        runtime.signal.addEventListener('abort', () => {
          loopEnded = true;
          resolve();
        }),
      ),
    );
    runtime.timers.after('never', 60_000, async () => undefined);

    await Promise.all([runtime.stop(), runtime.stop()]);
    expect(loopEnded).toBe(true);
    expect(runtime.timers.size).toBe(0);
    expect(await queues.depth(runtime.processing)).toBe(0);
    expect(await queues.range(source, 0, -1)).toContain('in-flight');
    expect(await heartbeats.read('alerter', pod)).toBeNull();
    expect(closed).toEqual(['second', 'first']);
  });
});
