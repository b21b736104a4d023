export type Unsubscribe = () => Promise<void>;

/** Fire-and-forget notifications (`mutt:rules:updates`, `mutt:config:updates`). Receivers must tolerate loss: caches also expire. */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
}
