// The janitor of a worker pod: hands every dead pod's processing list (no heartbeat) back, using the same
// return-to-source callback as the pod's own-list recovery. Runs at start and every interval.
import type { WorkerService } from '../../core/keys.js';
import type { Logger } from '../../observability/logger.js';
import type { Backends } from '../../ports/backends.js';

export interface JanitorOptions {
  readonly role: WorkerService;
  readonly ownPod: string;
  /** Moves one processing list back where its entries came from; returns how many moved. */
  readonly returnList: (list: string) => Promise<number>;
  /** The line operators (and e2e tests) grep for when a dead pod's list is recovered. */
  readonly recoveredLine: (moved: number, list: string, pod: string) => string;
}

export async function runJanitor(
  b: Pick<Backends, 'queues' | 'heartbeats' | 'keys'>,
  o: JanitorOptions,
  logger: Logger,
): Promise<number> {
  const prefix = b.keys.processingPrefix(o.role);
  const lists = await b.queues.listQueues(prefix);
  let dead = 0;
  let recovered = 0;
  for (const list of lists) {
    const pod = list.slice(prefix.length);
    if (pod === o.ownPod || pod.includes(':')) continue;
    try {
      if ((await b.heartbeats.read(o.role, pod)) !== null) continue;
      dead += 1;
      logger.warning(`Janitor: pod ${pod} has no heartbeat; recovering ${list}`);
      const n = await o.returnList(list);
      recovered += n;
      logger.info(o.recoveredLine(n, list, pod));
    } catch (err) {
      logger.error(`Janitor could not recover ${list}: ${(err as Error).message}`);
    }
  }
  logger.info(`Janitor run finished: lists=${lists.length} dead=${dead} recovered=${recovered}`);
  return recovered;
}
