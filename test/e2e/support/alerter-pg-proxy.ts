// The TCP proxy (test/helpers/tcp-proxy.ts) in front of the machine's PostgreSQL: a database outage, stall or
// silent-connection failure without touching the shared server.
import { PG_ADMIN } from '../../helpers/backends.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

export type PgProxy = TcpProxy;

export function startPgProxy(target = { host: PG_ADMIN.host, port: PG_ADMIN.port }): Promise<PgProxy> {
  return startTcpProxy(target);
}
