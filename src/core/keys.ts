// Every Redis key and channel name MUTT uses is built here (v2.5 layout). `prefix` isolates test runs;
// it is empty in production so the guide's `redis-cli` commands see the literal names.

export type WorkerService = 'alerter' | 'moog' | 'remediation';
export type DlqName = 'alerter' | 'moog' | 'dead' | 'old_events';

export interface Keys {
  readonly prefix: string;
  readonly ingestQueue: string;
  readonly alertQueue: string;
  processing(service: WorkerService, pod: string): string;
  processingPrefix(service: WorkerService): string;
  heartbeat(service: WorkerService, pod: string): string;
  dlq(name: DlqName): string;
  readonly retryMoog: string;
  unhandled(hostname: string, signature: string): string;
  unhandledTriggered(hostname: string, signature: string): string;
  readonly unhandledPrefix: string;
  /** ZSET of live unhandled signatures (`<host>:<sig>` scored by expiry, ms): the cap's ledger. Outside `mutt:unhandled:*` so the guide's `GET … | jq` loops see only JSON. */
  readonly unhandledIndex: string;
  config(key: string): string;
  readonly configPrefix: string;
  configHistory(key: string): string;
  readonly circuit: {
    readonly state: string;
    readonly failures: string;
    readonly openTime: string;
    readonly probe: string;
    readonly failedIds: string;
  };
  rateLimit(name: string): string;
  metricsBucket(kind: '1m' | '1h' | '24h', stamp: string): string;
  readonly channels: {
    readonly rulesUpdates: string;
    readonly configUpdates: string;
    readonly configReload: string;
  };
}

export interface KeyOptions {
  prefix?: string;
  ingestQueue?: string;
  alertQueue?: string;
  metricsPrefix?: string;
}

export function createKeys(opts: KeyOptions = {}): Keys {
  const p = opts.prefix ?? '';
  const m = `${p}${opts.metricsPrefix ?? 'mutt:metrics'}`;
  const cb = `${p}mutt:circuit_breaker:moogsoft`;
  return {
    prefix: p,
    ingestQueue: `${p}${opts.ingestQueue ?? 'mutt:ingest_queue'}`,
    alertQueue: `${p}${opts.alertQueue ?? 'mutt:alert_queue'}`,
    processing: (service, pod) => `${p}mutt:processing:${service}:${pod}`,
    processingPrefix: (service) => `${p}mutt:processing:${service}:`,
    heartbeat: (service, pod) => `${p}mutt:heartbeat:${service}:${pod}`,
    dlq: (name) => `${p}mutt:dlq:${name}`,
    retryMoog: `${p}mutt:retry:moog`,
    unhandled: (hostname, signature) => `${p}mutt:unhandled:${hostname}:${signature}`,
    unhandledTriggered: (hostname, signature) => `${p}mutt:unhandled:${hostname}:${signature}:triggered`,
    unhandledPrefix: `${p}mutt:unhandled:`,
    unhandledIndex: `${p}mutt:unhandled_index`,
    config: (key) => `${p}mutt:config:${key}`,
    configPrefix: `${p}mutt:config:`,
    configHistory: (key) => `${p}mutt:config_history:${key}`,
    circuit: {
      state: `${cb}:state`,
      failures: `${cb}:failures`,
      openTime: `${cb}:open_time`,
      probe: `${cb}:probe`,
      failedIds: `${cb}:failed_ids`,
    },
    rateLimit: (name) => `${p}mutt:rate_limit:${name}`,
    metricsBucket: (kind, stamp) => `${m}:${kind}:${stamp}`,
    channels: {
      rulesUpdates: `${p}mutt:rules:updates`,
      configUpdates: `${p}mutt:config:updates`,
      configReload: `${p}mutt:config:reload`,
    },
  };
}
