// Minimal Vault client: AppRole or token login, token lookup/renew, one KV v2 read. The token lives only in
// this object; it is never logged or put in an error message (VaultHttp redacts it from socket errors too).
import { MuttError } from '../../core/errors.js';
import { VaultHttp, type VaultHttpOptions } from './vault-http.js';

export type VaultAuth =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'approle'; readonly roleId: string; readonly secretId: string };

export interface VaultClientOptions extends VaultHttpOptions {
  readonly auth: VaultAuth;
  /** KV v2 mount, e.g. `secret`. */
  readonly mountPath: string;
  /** Path inside the mount; a leading `<mount>/` is stripped (`secret/mutt/prod` → `mutt/prod`). */
  readonly secretsPath: string;
}

export interface TokenStatus {
  /** Seconds left; 0 for a non-expiring (root) token. */
  readonly ttl: number;
  readonly renewable: boolean;
}

export interface LoginResult {
  readonly leaseDuration: number;
  readonly renewable: boolean;
}

/** `/v1/<mount>/data/<path>` for KV v2, accepting both `mutt/prod` and the legacy `secret/mutt/prod`. */
export function kvDataPath(mountPath: string, secretsPath: string): string {
  const mount = mountPath.replace(/^\/+|\/+$/g, '');
  let path = secretsPath.replace(/^\/+|\/+$/g, '');
  if (path.startsWith(`${mount}/`)) path = path.slice(mount.length + 1);
  if (path.startsWith('data/')) path = path.slice('data/'.length);
  return `/v1/${mount}/data/${path}`;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export class VaultClient {
  private token: string | undefined;
  private readonly http: VaultHttp;
  readonly dataPath: string;

  constructor(private readonly opts: VaultClientOptions) {
    this.dataPath = kvDataPath(opts.mountPath, opts.secretsPath);
    this.token = opts.auth.kind === 'token' ? opts.auth.token : undefined;
    this.http = new VaultHttp(opts, () => this.sensitiveValues());
  }

  get authKind(): VaultAuth['kind'] {
    return this.opts.auth.kind;
  }

  /** AppRole: exchanges role/secret id for a token. Token mode: verifies the token with lookup-self. */
  async login(): Promise<LoginResult> {
    if (this.opts.auth.kind === 'token') {
      const s = await this.lookupSelf();
      return { leaseDuration: s.ttl, renewable: s.renewable };
    }
    const res = await this.http.call('POST', '/v1/auth/approle/login', undefined, {
      role_id: this.opts.auth.roleId,
      secret_id: this.opts.auth.secretId,
    });
    const auth = obj(obj(res.body).auth);
    const token = auth.client_token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new MuttError('MUTT_VAULT_REQUEST_FAILED', 'Vault AppRole login answered without auth.client_token');
    }
    this.token = token;
    return { leaseDuration: num(auth.lease_duration), renewable: auth.renewable === true };
  }

  async lookupSelf(): Promise<TokenStatus> {
    const res = await this.http.call('GET', '/v1/auth/token/lookup-self', this.requireToken());
    const data = obj(obj(res.body).data);
    return { ttl: num(data.ttl), renewable: data.renewable === true };
  }

  async renewSelf(): Promise<LoginResult> {
    const res = await this.http.call('POST', '/v1/auth/token/renew-self', this.requireToken(), {});
    const auth = obj(obj(res.body).auth);
    return { leaseDuration: num(auth.lease_duration), renewable: auth.renewable === true };
  }

  /** KV v2 read: the key/value map at `data.data`, string values only (others are ignored). */
  async readSecrets(): Promise<Record<string, string>> {
    const res = await this.http.call('GET', this.dataPath, this.requireToken());
    const data = obj(obj(obj(res.body).data).data);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v;
    this.lastValues = Object.values(out);
    return out;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private lastValues: readonly string[] = [];

  private sensitiveValues(): string[] {
    const out = [...this.lastValues];
    if (this.token !== undefined) out.push(this.token);
    if (this.opts.auth.kind === 'approle') out.push(this.opts.auth.secretId);
    else out.push(this.opts.auth.token);
    return out;
  }

  private requireToken(): string {
    if (this.token === undefined) throw new MuttError('MUTT_VAULT_CREDENTIALS', 'Vault token missing: login() has not succeeded');
    return this.token;
  }
}
