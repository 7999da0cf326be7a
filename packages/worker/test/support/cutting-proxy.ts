/**
 * A TCP proxy in front of the service that cuts the way a network does, for the worker's fault
 * tests: it can lose the answer to a request the server already received and handled, or refuse
 * every connection for a while.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttingProxy {
  /** `http://127.0.0.1:<port>`: give it to the worker as its url. */
  readonly url: string;
  /** How many requests passed whose bytes contained `marker` (see {@link loseNextAnswerTo}). */
  requestsMatching(marker: string): number;
  /**
   * The next request containing `marker` reaches the server, and its connection is cut as soon as
   * the answer starts: the server did the work, the client never learns it.
   */
  loseNextAnswerTo(marker: string): void;
  /** Cuts every open connection and refuses new ones until {@link restore}. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const seen: string[] = [];
  let losing: string | undefined;
  let refusing = false;

  const proxy = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const server = net.connect(Number(port), hostname);
    sockets.add(client).add(server);
    let loseAnswer = false;
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      seen.push(text);
      if (losing !== undefined && text.includes(losing)) {
        losing = undefined;
        loseAnswer = true;
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (loseAnswer) {
        client.destroy();
        server.destroy();
      } else {
        client.write(chunk);
      }
    });
    for (const socket of [client, server]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requestsMatching: (marker) => seen.filter((text) => text.includes(marker)).length,
    loseNextAnswerTo(marker) {
      losing = marker;
    },
    cut() {
      refusing = true;
      destroyAll();
    },
    restore() {
      refusing = false;
    },
    close() {
      destroyAll();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}
