/**
 * The HTTP chain's endpoint: a node:http server on the loopback that answers every request at once
 * with 200 and a small JSON body, so that the chain measures the engine's step, not a remote service.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The loopback host the sink listens on; the bench's engine allow-lists it (HTTP_TASK_ALLOW_LIST). */
export const HTTP_SINK_HOST = '127.0.0.1';
/** Above Node's default of 511: at 1,000 in flight every execution may be connecting at once. */
const BACKLOG = 2048;
const BODY = JSON.stringify({ ok: true });

export class HttpSink {
  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:port`. */
    readonly origin: string,
  ) {}

  static async start(): Promise<HttpSink> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(BODY),
        });
        response.end(BODY);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HTTP_SINK_HOST, BACKLOG, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new HttpSink(server, `http://${HTTP_SINK_HOST}:${port}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
