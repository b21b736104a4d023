/** Liveness of worker pods: `mutt:heartbeat:<service>:<pod>` with a TTL. The value is the instance id. */
export interface Heartbeats {
  beat(service: string, pod: string, instanceId: string, ttlSeconds: number): Promise<void>;
  /** Instance id of a live heartbeat, or null when absent/expired. */
  read(service: string, pod: string): Promise<string | null>;
  /** Deletes the heartbeat only if it still belongs to `instanceId`. */
  remove(service: string, pod: string, instanceId: string): Promise<void>;
}
