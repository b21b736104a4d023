// Worker liveness: `mutt:heartbeat:<service>:<pod>` = instance id with a TTL; removal is compare-and-delete
// so an old instance shutting down never deletes the heartbeat of its replacement.
import type { Redis } from 'ioredis';
import type { Keys, WorkerService } from '../../core/keys.js';
import type { Heartbeats } from '../../ports/heartbeats.js';
import type { ScriptRunner } from './script-loader.js';

export class RedisHeartbeats implements Heartbeats {
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly keys: Keys,
  ) {}

  // The port takes any service name; keys.heartbeat only interpolates it.
  private key(service: string, pod: string): string {
    return this.keys.heartbeat(service as WorkerService, pod);
  }

  async beat(service: string, pod: string, instanceId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key(service, pod), instanceId, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  read(service: string, pod: string): Promise<string | null> {
    return this.redis.get(this.key(service, pod));
  }

  async remove(service: string, pod: string, instanceId: string): Promise<void> {
    await this.scripts.run('compareAndDelete', [this.key(service, pod)], [instanceId]);
  }
}
