// One runtime for the queue-consuming services (alerter, forwarder, remediation): duplicate-pod guard, health and
// metrics listeners, heartbeat, own-list recovery, periodic janitor, named timers, an interruptible sleep and the
// ordered stop. Each service's start function declares only what is specific to it. See docs/architecture.md.
import { setMaxListeners } from 'node:events';
import type { Registry } from 'prom-client';
import { interruptibleSleep, type Sleep } from '../../core/interruptible-sleep.js';
import type { WorkerService } from '../../core/keys.js';
import type { HealthCheck } from '../../observability/http-server.js';
import { runJanitor } from './janitor.js';
import { NamedTimers } from './named-timers.js';
import { startObservabilityServers, type ObservabilityPorts } from './observability-servers.js';
import { assertNotDuplicatePod, type PodIdentity } from './pod-guard.js';
import type { ServiceContext, ServiceName } from './service-contract.js';

export interface WorkerPodSpec {
  /** Heartbeat and processing-list name (`moog` for the forwarder). */
  readonly role: WorkerService;
  readonly service: ServiceName;
  readonly registry: Registry;
  readonly health: HealthCheck;
  readonly ports: ObservabilityPorts;
  /** Moves a processing list's entries back where they came from: the own list at start and stop, dead pods' in the janitor. */
  readonly returnList: (list: string) => Promise<number>;
  readonly janitor: {
    readonly intervalSeconds: number;
    readonly recoveredLine: (moved: number, list: string, pod: string) => string;
    readonly afterRun?: (recovered: number) => Promise<void>;
  };
}

export class WorkerPod {
  private readonly abort = new AbortController();
  /** Aborted when stop() begins: loops stop taking work, sleeps end at once. */
  readonly signal = this.abort.signal;
  readonly sleep: Sleep = interruptibleSleep(this.signal);
  readonly timers: NamedTimers;
  readonly processing: string;
  private readonly identity: PodIdentity;
  private readonly closers: (() => Promise<void> | void)[] = [];
  private closeServers: () => Promise<void> = async () => undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | null = null;

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly spec: WorkerPodSpec,
  ) {
    setMaxListeners(0, this.signal); // one listener per concurrent sleep; bounded by each service's concurrency
    this.timers = new NamedTimers(ctx.logger);
    this.processing = ctx.backends.keys.processing(spec.role, ctx.podName);
    this.identity = {
      role: spec.role,
      service: spec.service,
      pod: ctx.podName,
      instanceId: ctx.instanceId,
      ttlSeconds: ctx.config.heartbeatTtl,
    };
  }

  /** Start-up order (docs/decisions.md D7): refuse a live duplicate, listen, heartbeat, recover the own list, janitor. */
  static async start(ctx: ServiceContext, spec: WorkerPodSpec): Promise<WorkerPod> {
    const pod = new WorkerPod(ctx, spec);
    await assertNotDuplicatePod(ctx.backends.heartbeats, pod.identity, pod.sleep, ctx.logger);
    pod.closeServers = await startObservabilityServers(spec.registry, spec.health, spec.ports, ctx.logger);
    try {
      await pod.beat();
      const n = await spec.returnList(pod.processing);
      if (n > 0)
        ctx.logger.warning(`Recovered ${n} message(s) from own processing list ${pod.processing} (previous run of this pod)`);
      await pod.janitor().catch((err: unknown) => ctx.logger.error(`Janitor run failed: ${(err as Error).message}`));
    } catch (err) {
      await pod.stop();
      throw err;
    }
    pod.timers.every('heartbeat', ctx.config.heartbeatInterval * 1000, () => pod.beat());
    pod.timers.every('janitor', spec.janitor.intervalSeconds * 1000, () => pod.janitor());
    return pod;
  }

  /** The service's work loop; stop() waits for it up to SHUTDOWN_GRACE_SECONDS. */
  run(loop: Promise<void>): void {
    this.loop = loop;
  }

  /** Extra closers (unsubscribe, client.close) run last, in reverse order of registration. */
  onStop(closer: () => Promise<void> | void): void {
    this.closers.push(closer);
  }

  /** Ordered and idempotent: stop taking work, clear timers, wait for the loop (bounded), return the own list, drop the heartbeat, close. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    const { backends: b, logger, podName, instanceId, config } = this.ctx;
    this.abort.abort();
    this.timers.clear();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loop,
      new Promise<void>((resolve) => {
        grace = setTimeout(resolve, config.shutdownGraceSeconds * 1000);
      }),
    ]);
    clearTimeout(grace);
    // Anything still in flight goes back to its source now; a restart of this pod would otherwise be the only way back.
    const back = await this.spec.returnList(this.processing).catch(() => 0);
    if (back > 0) logger.info(`Returned ${back} in-flight message(s) from ${this.processing}`);
    await b.heartbeats.remove(this.spec.role, podName, instanceId).catch(() => undefined);
    await this.closeServers().catch((err: unknown) => logger.error(`Closing listeners failed: ${(err as Error).message}`));
    for (const close of this.closers.reverse()) {
      await Promise.resolve()
        .then(close)
        .catch((err: unknown) => logger.error(`Closing ${this.spec.service} failed: ${(err as Error).message}`));
    }
    logger.info('Shutdown complete.');
  }

  private beat(): Promise<void> {
    const { backends: b, podName, instanceId, config } = this.ctx;
    return b.heartbeats.beat(this.spec.role, podName, instanceId, config.heartbeatTtl);
  }

  private async janitor(): Promise<void> {
    const { role, returnList, janitor } = this.spec;
    const n = await runJanitor(
      this.ctx.backends,
      { role, ownPod: this.ctx.podName, returnList, recoveredLine: janitor.recoveredLine },
      this.ctx.logger,
    );
    await janitor.afterRun?.(n);
  }
}
