/**
 * A TCP proxy between a process and its database that can black-hole the connections it carries
 * (docs/testing.md R4): their sockets stay open but no byte passes either way any more, as when a network
 * path dies without a reset. Connections opened afterwards are forwarded as usual.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** Connections opened through the proxy so far. */
  readonly connections: number;
  /** Stops forwarding on every connection open now; returns how many it black-holed. */
  blackHole(): number;
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  readonly server: net.Socket;
  holed: boolean;
}

/** Starts a proxy to `target` (`host:port`). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let opened = 0;
  const proxy = net.createServer((client) => {
    opened += 1;
    const server = net.connect(target.port, target.host);
    const pair: Pair = { client, server, holed: false };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.holed) server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!pair.holed) client.write(chunk);
    });
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    // A black hole carries no close either: the database never learns that its client gave up,
    // and the client never learns that the database did. Such pairs go at close().
    client.on('close', () => {
      if (!pair.holed) close();
    });
    server.on('close', () => {
      if (!pair.holed) close();
    });
    client.on('error', () => undefined);
    server.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    get connections() {
      return opened;
    },
    blackHole() {
      let count = 0;
      for (const pair of pairs) {
        if (pair.holed) continue;
        pair.holed = true;
        count += 1;
      }
      return count;
    },
    close: () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}
