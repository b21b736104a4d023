import type { Keys } from '../core/keys.js';
import type { CircuitStore } from './circuit-store.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { ConfigStore } from './config-store.js';
import type { EventCounters } from './event-counters.js';
import type { Heartbeats } from './heartbeats.js';
import type { MoogFactory } from './moog.js';
import type { PubSub } from './pubsub.js';
import type { Queues } from './queues.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SqlClient } from './sql.js';
import type { Store } from './store.js';
import type { UnhandledCounter } from './unhandled-counter.js';

export type Profile = 'embedded' | 'redis-postgres';

/** What one profile's adapters provide for queues and coordination. */
export interface CoordinationBackends {
  readonly queues: Queues;
  readonly pubsub: PubSub;
  readonly heartbeats: Heartbeats;
  readonly rateLimiter: RateLimiter;
  /** Shared Moogsoft circuit breaker (`mutt:circuit_breaker:moogsoft:*`). */
  readonly circuit: CircuitStore;
  /** Delayed forwarder retries (`mutt:retry:moog`). */
  readonly retrySchedule: RetrySchedule;
  /** Dynamic config values (`mutt:config:<key>`) with change notification and a local cache. */
  readonly configStore: ConfigStore;
  /** Ingest push + `mutt:metrics:*` time-bucket counters in one atomic step. */
  readonly eventCounters: EventCounters;
  /** Unhandled-event counters (`mutt:unhandled:<host>:<sig>`) for the alerter's meta-alerts. */
  readonly unhandled: UnhandledCounter;
  /** True when the queue back end answers (Redis PING / PGlite query). */
  queueHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Back-end credentials after a secret rotation; undefined means "not set". */
export interface BackendCredentials {
  readonly redisPassCurrent: string | undefined;
  readonly redisPassNext: string | undefined;
  readonly dbUser: string | undefined;
  readonly dbPassCurrent: string | undefined;
  readonly dbPassNext: string | undefined;
}

/** Everything a service may touch, picked at the composition root (src/app/backends.ts). */
export interface Backends extends CoordinationBackends {
  readonly profile: Profile;
  readonly keys: Keys;
  readonly sql: SqlClient;
  readonly store: Store;
  /** True when the database answers. */
  storeHealthy(): Promise<boolean>;
  /** Secret rotation: new connections and reconnects use these credentials (no-op in the embedded profile). */
  rotateCredentials(credentials: BackendCredentials): Promise<void>;
  /** Outbound Moogsoft client for the forwarder and remediation; each caller closes its own. */
  readonly moog: MoogFactory;
}
