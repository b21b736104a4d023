// Heartbeat, own-list recovery and the janitor for the forwarder pod (docs/decisions.md D7).
import { MuttError } from '../../core/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';

const SERVICE = 'moog';

/** A live duplicate pod (heartbeat owned by another instance that keeps refreshing) is fatal; a stale one is waited out. */
export async function guardPod(b: Backends, pod: string, instanceId: string, ttlSeconds: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  const first = await b.heartbeats.read(SERVICE, pod);
  if (first === null || first === instanceId) return;
  const deadline = Date.now() + ttlSeconds * 1000 + 500;
  while (Date.now() < deadline) {
    await sleep(250);
    if ((await b.heartbeats.read(SERVICE, pod)) === null) return;
  }
  throw new MuttError('MUTT_DUPLICATE_POD', `POD_NAME ${pod} is in use by a live forwarder (heartbeat refreshed); exiting 78`);
}

export async function beat(b: Backends, pod: string, instanceId: string, ttlSeconds: number, logger: Logger): Promise<void> {
  await b.heartbeats.beat(SERVICE, pod, instanceId, ttlSeconds).catch((err: unknown) => logger.error(`Heartbeat failed: ${(err as Error).message}`));
}

/** Returns every dead pod's processing list to the alert queue; live pods and this pod are left alone. */
export async function runJanitor(b: Backends, ownPod: string, logger: Logger): Promise<number> {
  const prefix = b.keys.processingPrefix(SERVICE);
  let moved = 0;
  for (const list of await b.queues.listQueues(prefix)) {
    const pod = list.slice(prefix.length);
    if (pod === ownPod || pod.includes(':')) continue;
    if ((await b.heartbeats.read(SERVICE, pod)) !== null) continue;
    const n = await b.queues.recover(list, b.keys.alertQueue);
    if (n > 0) logger.warning(`Janitor recovered ${n} alert(s) from dead pod ${pod} (${list}) to ${b.keys.alertQueue}`);
    moved += n;
  }
  return moved;
}
