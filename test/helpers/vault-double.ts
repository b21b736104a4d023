// TEST DOUBLE — this is NOT Vault. A small Vault-API-compatible HTTP server for tests, on 127.0.0.1 and a
// random port. It implements only what MUTT calls: AppRole login, token lookup-self / renew-self, KV v2
// read and write, and sys/health, with X-Vault-Token checks, configurable token TTLs and a "sealed" switch.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VaultDoubleOptions {
  /** KV v2 mount; default `secret`. */
  readonly mount?: string;
  /** AppRole credentials accepted by /v1/auth/approle/login. */
  readonly roleId?: string;
  readonly secretId?: string;
  /** TTL (s) of tokens issued by login and of renewals; default 3600. */
  readonly tokenTtlSeconds?: number;
  readonly renewable?: boolean;
}

interface TokenState {
  expiresAt: number; // ms epoch; 0 = never
  ttlSeconds: number;
  renewable: boolean;
}

export interface VaultDoubleCounters {
  logins: number;
  lookups: number;
  renewals: number;
  reads: number;
  writes: number;
}

export interface VaultDouble {
  readonly addr: string;
  readonly mount: string;
  readonly counters: VaultDoubleCounters;
  /** Issues a token directly (as `vault token create` would). ttlSeconds 0 = non-expiring. */
  issueToken(opts?: { ttlSeconds?: number; renewable?: boolean }): string;
  revokeToken(token: string): void;
  /** Revokes every token issued so far (as an expired max TTL would). */
  revokeAllTokens(): void;
  /** Replaces the whole secret version at `path` inside the mount (like `vault kv put`). */
  writeSecret(path: string, data: Record<string, string>): void;
  /** Merges into the secret (like `vault kv patch`). */
  patchSecret(path: string, data: Record<string, string>): void;
  setSealed(sealed: boolean): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return {};
  const v: unknown = JSON.parse(text);
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

export async function startVaultDouble(opts: VaultDoubleOptions = {}): Promise<VaultDouble> {
  const mount = opts.mount ?? 'secret';
  const ttlDefault = opts.tokenTtlSeconds ?? 3600;
  const tokens = new Map<string, TokenState>();
  const secrets = new Map<string, { data: Record<string, string>; version: number }>();
  const counters: VaultDoubleCounters = { logins: 0, lookups: 0, renewals: 0, reads: 0, writes: 0 };
  let sealed = false;

  const issueToken = (o: { ttlSeconds?: number; renewable?: boolean } = {}): string => {
    const token = `hvs.double-${randomUUID()}`;
    const ttlSeconds = o.ttlSeconds ?? ttlDefault;
    tokens.set(token, {
      ttlSeconds,
      renewable: o.renewable ?? opts.renewable ?? true,
      expiresAt: ttlSeconds === 0 ? 0 : Date.now() + ttlSeconds * 1000,
    });
    return token;
  };
  const ttlLeft = (t: TokenState): number => (t.expiresAt === 0 ? 0 : Math.max(0, Math.ceil((t.expiresAt - Date.now()) / 1000)));
  const validToken = (req: IncomingMessage): TokenState | undefined => {
    const h = req.headers['x-vault-token'];
    const t = typeof h === 'string' ? tokens.get(h) : undefined;
    if (t === undefined || (t.expiresAt !== 0 && t.expiresAt <= Date.now())) return undefined;
    return t;
  };
  const writeVersion = (path: string, data: Record<string, string>): number => {
    const version = (secrets.get(path)?.version ?? 0) + 1;
    secrets.set(path, { data: { ...data }, version });
    counters.writes++;
    return version;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    const m = req.method ?? 'GET';
    if (p === '/v1/sys/health') return send(res, sealed ? 503 : 200, { initialized: true, sealed, standby: false });
    if (sealed) return send(res, 503, { errors: ['Vault is sealed'] });
    if (p === '/v1/auth/approle/login' && m === 'POST') {
      const body = await readJson(req);
      if (opts.roleId === undefined || body.role_id !== opts.roleId || body.secret_id !== opts.secretId) {
        return send(res, 400, { errors: ['invalid role or secret ID'] });
      }
      counters.logins++;
      const token = issueToken();
      const t = tokens.get(token) as TokenState;
      return send(res, 200, {
        auth: { client_token: token, lease_duration: t.ttlSeconds, renewable: t.renewable, policies: ['mutt-policy'] },
      });
    }
    const tok = validToken(req);
    if (tok === undefined) return send(res, 403, { errors: ['permission denied'] });
    if (p === '/v1/auth/token/lookup-self' && m === 'GET') {
      counters.lookups++;
      return send(res, 200, { data: { ttl: ttlLeft(tok), renewable: tok.renewable, policies: ['mutt-policy'] } });
    }
    if (p === '/v1/auth/token/renew-self' && (m === 'POST' || m === 'PUT')) {
      if (!tok.renewable) return send(res, 400, { errors: ['lease is not renewable'] });
      counters.renewals++;
      tok.expiresAt = Date.now() + tok.ttlSeconds * 1000;
      return send(res, 200, { auth: { lease_duration: tok.ttlSeconds, renewable: true } });
    }
    const prefix = `/v1/${mount}/data/`;
    if (p.startsWith(prefix)) {
      const path = p.slice(prefix.length);
      if (m === 'GET') {
        const s = secrets.get(path);
        if (s === undefined) return send(res, 404, { errors: [] });
        counters.reads++;
        return send(res, 200, {
          data: { data: s.data, metadata: { version: s.version, created_time: new Date().toISOString() } },
        });
      }
      if (m === 'POST' || m === 'PUT') {
        const body = await readJson(req);
        const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Record<string, string>;
        return send(res, 200, { data: { version: writeVersion(path, data) } });
      }
    }
    return send(res, 404, { errors: [] });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 400, { errors: ['bad request'] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;

  return {
    addr: `http://127.0.0.1:${port}`,
    mount,
    counters,
    issueToken,
    revokeToken: (t) => {
      tokens.delete(t);
    },
    revokeAllTokens: () => {
      tokens.clear();
    },
    writeSecret: (path, data) => {
      writeVersion(path, data);
    },
    patchSecret: (path, data) => {
      writeVersion(path, { ...secrets.get(path)?.data, ...data });
    },
    setSealed: (s) => {
      sealed = s;
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}
