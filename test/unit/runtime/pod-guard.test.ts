// A worker pod whose POD_NAME heartbeat keeps being refreshed by another instance refuses to start: exit 78.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Heartbeats } from '../../../src/ports/heartbeats.js';
import { assertNotDuplicatePod } from '../../../src/services/runtime/pod-guard.js';

function heartbeatOwnedBy(owner: string | null): Heartbeats {
  return { read: async () => owner } as unknown as Heartbeats;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
const forwarderPod = { role: 'moog', service: 'forwarder', pod: 'fwd-1', instanceId: 'me', ttlSeconds: 0 } as const;

describe('worker pod duplicate guard', () => {
  it('a live duplicate is MUTT_DUPLICATE_POD with exit code 78, naming the service and POD_NAME', async () => {
    await expect(
      assertNotDuplicatePod(heartbeatOwnedBy('other-instance'), forwarderPod, tick, silentLogger()),
    ).rejects.toMatchObject({
      code: 'MUTT_DUPLICATE_POD',
      exitCode: 78,
      message: 'POD_NAME fwd-1 is used by another live forwarder; set a unique POD_NAME',
    });
  });

  it('no heartbeat, or our own, starts', async () => {
    await expect(assertNotDuplicatePod(heartbeatOwnedBy(null), forwarderPod, tick, silentLogger())).resolves.toBeUndefined();
    await expect(assertNotDuplicatePod(heartbeatOwnedBy('me'), forwarderPod, tick, silentLogger())).resolves.toBeUndefined();
  });

  it('a stale heartbeat that expires while waiting is not a duplicate', async () => {
    let reads = 0;
    const expiring = { read: async () => (++reads < 3 ? 'old-instance' : null) } as unknown as Heartbeats;
    await expect(
      assertNotDuplicatePod(expiring, { ...forwarderPod, ttlSeconds: 30 }, tick, silentLogger()),
    ).resolves.toBeUndefined();
  });
});
