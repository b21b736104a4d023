// Pod liveness for the alerter: the duplicate-pod check at start (docs/decisions.md D7), own-list recovery, and the janitor that
// returns dead pods' processing lists to the ingest queue (at start and every JANITOR_INTERVAL).
import { MuttError } from '../../core/errors.js';
import type { Keys } from '../../core/keys.js';
import type { Logger } from '../../observability/logger.js';
import type { Heartbeats } from '../../ports/heartbeats.js';
import type { Queues } from '../../ports/queues.js';
import type { AlerterMetrics } from './alerter-metrics.js';

export interface PodDeps {
  readonly queues: Queues;
  readonly heartbeats: Heartbeats;
  readonly keys: Keys;
  readonly logger: Logger;
  readonly metrics: AlerterMetrics;
  readonly pod: string;
  readonly instanceId: string;
  readonly ttlSeconds: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Another instance's heartbeat that is still refreshed after one TTL means a live duplicate → exit 78 (docs/decisions.md D7). */
export async function assertNotDuplicate(d: PodDeps): Promise<void> {
  const other = await d.heartbeats.read('alerter', d.pod);
  if (other === null || other === d.instanceId) return;
  d.logger.warning(`Heartbeat for pod ${d.pod} exists with another instance id; waiting up to ${d.ttlSeconds}s for it to expire`);
  const deadline = Date.now() + d.ttlSeconds * 1000 + 1000;
  while (Date.now() < deadline) {
    await d.sleep(250);
    if ((await d.heartbeats.read('alerter', d.pod)) === null) return;
  }
  throw new MuttError('MUTT_DUPLICATE_POD', `POD_NAME ${d.pod} is used by another live alerter; set a unique POD_NAME`);
}

export async function recoverOwnList(d: PodDeps): Promise<number> {
  const n = await d.queues.recover(d.keys.processing('alerter', d.pod), d.keys.ingestQueue);
  if (n > 0) d.logger.warning(`Recovered ${n} messages from own processing list ${d.keys.processing('alerter', d.pod)} (previous run of this pod)`);
  return n;
}

export async function runJanitor(d: PodDeps): Promise<number> {
  const prefix = d.keys.processingPrefix('alerter');
  let lists: string[];
  try {
    lists = await d.queues.listQueues(prefix);
  } catch (err) {
    d.logger.error(`Janitor run failed: ${(err as Error).message}`);
    return 0;
  }
  let dead = 0;
  let recovered = 0;
  for (const list of lists) {
    const pod = list.slice(prefix.length);
    if (pod === d.pod) continue;
    try {
      if ((await d.heartbeats.read('alerter', pod)) !== null) continue;
      dead++;
      d.logger.warning(`Janitor: pod ${pod} has no heartbeat; recovering ${list}`);
      const n = await d.queues.recover(list, d.keys.ingestQueue);
      recovered += n;
      d.logger.info(`Janitor: recovered ${n} messages from ${list}`);
    } catch (err) {
      d.logger.error(`Janitor could not recover ${list}: ${(err as Error).message}`);
    }
  }
  if (recovered > 0) d.metrics.janitorRecovered.inc(recovered);
  d.metrics.dlqDepth.set(await d.queues.depth(d.keys.dlq('alerter')).catch(() => 0));
  d.logger.info(`Janitor run finished: lists=${lists.length} dead=${dead} recovered=${recovered}`);
  return recovered;
}
