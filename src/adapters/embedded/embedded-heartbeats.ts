// Heartbeats in memory: the embedded profile is one process, so liveness of its pods is only ever read here.
// After a kill -9 nothing stale survives, which lets a restarted pod recover its own list at once.
import type { Heartbeats } from '../../ports/heartbeats.js';

interface Beat {
  readonly instanceId: string;
  readonly expiresAt: number;
}

export class EmbeddedHeartbeats implements Heartbeats {
  private readonly beats = new Map<string, Beat>();

  constructor(private readonly now: () => number = Date.now) {}

  async beat(service: string, pod: string, instanceId: string, ttlSeconds: number): Promise<void> {
    this.beats.set(keyOf(service, pod), { instanceId, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async read(service: string, pod: string): Promise<string | null> {
    const key = keyOf(service, pod);
    const beat = this.beats.get(key);
    if (!beat) return null;
    if (beat.expiresAt <= this.now()) {
      this.beats.delete(key);
      return null;
    }
    return beat.instanceId;
  }

  async remove(service: string, pod: string, instanceId: string): Promise<void> {
    const key = keyOf(service, pod);
    if (this.beats.get(key)?.instanceId === instanceId) this.beats.delete(key);
  }

  /** Drops expired entries so pods that went away do not accumulate. */
  sweep(): void {
    const now = this.now();
    for (const [key, beat] of this.beats) if (beat.expiresAt <= now) this.beats.delete(key);
  }
}

function keyOf(service: string, pod: string): string {
  return `${service}\u0000${pod}`;
}
