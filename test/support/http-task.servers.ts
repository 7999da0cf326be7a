import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A request as a test server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP server on a loopback address, with every request it received. */
export interface TestHttpServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` (IPv6 hosts bracketed). */
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Answers one request; `request.body` is already read. */
export type TestHandler = (
  request: ReceivedRequest,
  response: http.ServerResponse,
  raw: http.IncomingMessage,
) => void;

/** Starts an HTTP server on `host` (default 127.0.0.1) and `port` (default: any free one). */
export async function startHttpServer(
  handler: TestHandler,
  host = '127.0.0.1',
  port = 0,
): Promise<TestHttpServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const received = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(received);
      handler(received, response, raw);
    });
  });
  const boundPort = await listen(server, host, port);
  return {
    host,
    port: boundPort,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A raw TCP listener that counts every connection and byte reaching it: the witness that a refused
 * address was never contacted. It answers `204` so that a call it does receive completes.
 */
export interface ConnectionRecorder {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  readonly bytesReceived: number;
  close(): Promise<void>;
}

export async function startConnectionRecorder(host: string, port = 0): Promise<ConnectionRecorder> {
  const counts = { connections: 0, bytesReceived: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    counts.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      counts.bytesReceived += chunk.length;
      socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => undefined);
  });
  const boundPort = await listen(server, host, port);
  return {
    host,
    port: boundPort,
    get connections() {
      return counts.connections;
    },
    get bytesReceived() {
      return counts.bytesReceived;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
