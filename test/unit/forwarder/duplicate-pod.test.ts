// A forwarder whose POD_NAME heartbeat keeps being refreshed by another instance refuses to start: exit 78.
import { describe, expect, it } from 'vitest';
import type { Backends } from '../../../src/ports/backends.js';
import { guardPod } from '../../../src/services/forwarder/worker-lifecycle.js';

function heartbeatOwnedBy(owner: string | null): Backends {
  return { heartbeats: { read: async () => owner } } as unknown as Backends;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('forwarder duplicate pod guard', () => {
  it('a live duplicate is MUTT_DUPLICATE_POD with exit code 78', async () => {
    await expect(guardPod(heartbeatOwnedBy('other-instance'), 'fwd-1', 'me', 0, tick)).rejects.toMatchObject({
      code: 'MUTT_DUPLICATE_POD',
      exitCode: 78,
      message: 'POD_NAME fwd-1 is in use by a live forwarder (heartbeat refreshed); exiting 78',
    });
  });

  it('no heartbeat, or our own, starts', async () => {
    await expect(guardPod(heartbeatOwnedBy(null), 'fwd-1', 'me', 0, tick)).resolves.toBeUndefined();
    await expect(guardPod(heartbeatOwnedBy('me'), 'fwd-1', 'me', 0, tick)).resolves.toBeUndefined();
  });
});
