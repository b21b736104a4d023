// The secrets port: services read current secret values here and never talk to Vault or env themselves.
// Values can change at runtime (SIGHUP, token renewal), so holders of a key subscribe with onChange.

/** Every secret a service may read (the Vault key names). Legacy REDIS_PASS / DB_PASS fold into *_CURRENT. */
export const SECRET_NAMES = [
  'INGEST_API_KEY',
  'INGEST_API_KEY_NEXT',
  'WEBUI_API_KEY',
  'WEBUI_API_KEY_NEXT',
  'REDIS_PASS_CURRENT',
  'REDIS_PASS_NEXT',
  'DB_USER',
  'DB_PASS_CURRENT',
  'DB_PASS_NEXT',
  'MOOG_API_KEY',
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

export type SecretValues = Readonly<Partial<Record<SecretName, string>>>;

export interface SecretChange {
  /** Names whose value appeared, disappeared or changed. Never the values themselves in logs. */
  readonly changed: readonly SecretName[];
  readonly values: SecretValues;
}

export type SecretOrigin = 'vault' | 'env';

export interface SecretSource {
  readonly origin: SecretOrigin;
  /** Current value, or undefined when the secret is not set. */
  get(name: SecretName): string | undefined;
  /** Snapshot of every value currently set. */
  values(): SecretValues;
  /** Re-reads the source; listeners fire when something changed. Rejects (keeping old values) on failure. */
  reload(): Promise<SecretChange>;
  /** Returns an unsubscribe function. */
  onChange(listener: (change: SecretChange) => void): () => void;
  /** Stops background token renewal and releases connections. */
  close(): Promise<void>;
}
