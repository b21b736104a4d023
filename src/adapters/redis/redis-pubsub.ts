// Pub/sub on Redis: publish on the command connection, receive on one subscriber connection opened on
// first subscribe (a connection in subscribe mode cannot run other commands). ioredis resubscribes after reconnects.
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';
import type { PubSub, Unsubscribe } from '../../ports/pubsub.js';
import { closeRedisClient } from './connection.js';

export class RedisPubSub implements PubSub {
  private subscriber: Promise<Redis> | undefined;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly openSubscriber: () => Promise<Redis>,
    private readonly logger: Logger,
  ) {}

  async publish(channel: string, message: string): Promise<void> {
    await this.redis.publish(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    if (this.closed) throw new Error('Redis pub/sub is closed');
    const sub = await this.connection();
    let set = this.handlers.get(channel);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(channel, set);
      await sub.subscribe(channel);
    }
    // Wrap so the same handler can be subscribed twice and unsubscribed independently.
    const entry = (message: string): void => handler(message);
    set.add(entry);
    return async () => {
      const current = this.handlers.get(channel);
      if (current === undefined || !current.delete(entry) || current.size > 0) return;
      this.handlers.delete(channel);
      if (this.closed) return;
      // While Redis is down the server-side UNSUBSCRIBE cannot go out; a resubscribed channel without
      // handlers is harmless (dispatch ignores it), so this must not fail a caller's shutdown.
      await sub.unsubscribe(channel).catch((err: unknown) => {
        this.logger.warning(`Could not unsubscribe from ${channel}: ${(err as Error).message}`);
      });
    };
  }

  private connection(): Promise<Redis> {
    if (this.subscriber === undefined) {
      const opening = this.openSubscriber().then((sub) => {
        sub.on('message', (channel: string, message: string) => this.dispatch(channel, message));
        return sub;
      });
      // A failed open is retried by the next subscribe instead of being cached.
      opening.catch(() => {
        this.subscriber = undefined;
      });
      this.subscriber = opening;
    }
    return this.subscriber;
  }

  private dispatch(channel: string, message: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (err) {
        this.logger.error(`Pub/sub handler failed on ${channel}: ${(err as Error).message}`);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    const sub = this.subscriber;
    this.subscriber = undefined;
    if (sub === undefined) return;
    const conn = await sub.catch(() => undefined);
    if (conn !== undefined) await closeRedisClient(conn);
  }
}
