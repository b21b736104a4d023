// Duplicate-pod guard for worker pods (docs/decisions.md D7): a heartbeat of another instance that outlives one TTL
// means a live duplicate POD_NAME, which would share our processing list; refuse to start (exit 78).
import { MuttError } from '../../core/errors.js';
import type { Sleep } from '../../core/interruptible-sleep.js';
import type { WorkerService } from '../../core/keys.js';
import type { Logger } from '../../observability/logger.js';
import type { Heartbeats } from '../../ports/heartbeats.js';

export interface PodIdentity {
  /** Heartbeat and processing-list name (`moog` for the forwarder). */
  readonly role: WorkerService;
  /** Service name for operators (`forwarder`). */
  readonly service: string;
  readonly pod: string;
  readonly instanceId: string;
  readonly ttlSeconds: number;
}

export async function assertNotDuplicatePod(
  heartbeats: Heartbeats,
  id: PodIdentity,
  sleep: Sleep,
  logger: Logger,
): Promise<void> {
  const other = await heartbeats.read(id.role, id.pod);
  if (other === null || other === id.instanceId) return;
  logger.warning(`Heartbeat for pod ${id.pod} exists with another instance id; waiting up to ${id.ttlSeconds}s for it to expire`);
  const deadline = Date.now() + id.ttlSeconds * 1000 + 1000;
  while (Date.now() < deadline) {
    await sleep(250);
    if ((await heartbeats.read(id.role, id.pod)) === null) return;
  }
  throw new MuttError('MUTT_DUPLICATE_POD', `POD_NAME ${id.pod} is used by another live ${id.service}; set a unique POD_NAME`);
}
