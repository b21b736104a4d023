// In-process publish/subscribe: every embedded service shares one process. Delivery is deferred with
// setImmediate so a publisher never runs subscriber code on its own stack.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../observability/logger.js';
import type { PubSub, Unsubscribe } from '../../ports/pubsub.js';

export class EmbeddedPubSub implements PubSub {
  private readonly emitter = new EventEmitter();

  constructor(private readonly logger: Logger) {
    this.emitter.setMaxListeners(0);
  }

  async publish(channel: string, message: string): Promise<void> {
    setImmediate(() => this.emitter.emit(channel, message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const listener = (message: string): void => {
      try {
        handler(message);
      } catch (err) {
        // One failing subscriber must not stop delivery to the others.
        this.logger.error('Pub/sub handler failed', { channel, error: err instanceof Error ? err.message : String(err) });
      }
    };
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  close(): void {
    this.emitter.removeAllListeners();
  }
}
