// A loopback TCP proxy a test can break in the ways a network breaks: cut (every connection reset, new ones refused),
// stall (bytes held in both directions, nothing closed, until resume) and blackhole-existing (open connections never
// answer again while new ones work: a failover, or a NAT/firewall that dropped the flow).
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (to see that a client opened new ones). */
  readonly accepted: number;
  cut(): void;
  restore(): void;
  /** Holds every byte, on open and new connections, without closing anything. */
  stall(): void;
  /** Delivers what stall() held, in order, and forwards again. */
  resume(): void;
  /** Open connections go silent forever (bytes dropped, sockets kept open); new connections work. */
  blackholeExisting(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  silent: boolean;
  readonly held: { to: Socket; chunk: Buffer }[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  let stalled = false;
  let accepted = 0;
  const pairs = new Set<Pair>();
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream, silent: false, held: [] };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => {
        if (pair.silent) return;
        if (stalled) pair.held.push({ to, chunk });
        else to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const destroyAll = (): void => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut() {
      down = true;
      destroyAll();
    },
    restore() {
      down = false;
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const p of pairs) {
        for (const h of p.held.splice(0)) if (!h.to.destroyed) h.to.write(h.chunk);
      }
    },
    blackholeExisting() {
      for (const p of pairs) {
        p.silent = true;
        p.held.length = 0;
      }
    },
    async close() {
      down = true;
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
