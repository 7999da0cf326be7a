/**
 * A closed-loop HTTP load: `inFlight` clients on keep-alive sockets, each sending the same POST as
 * soon as its previous one was answered, for a fixed time. Node's own `http` client, the leanest
 * one at hand, so that the load costs the shared cores as little as possible.
 */
import { Agent, request } from 'node:http';
import { percentiles, type Percentiles } from './bench.metrics.js';

export interface LoadRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Whether an answer (status 200) is the one expected; anything else fails the load. */
  readonly accept: (body: string) => boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: Percentiles;
}

function send(agent: Agent, target: LoadRequest, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: { ...target.headers, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200 && target.accept(text)) resolve(text);
          else reject(new Error(`unexpected answer ${res.statusCode}: ${text.slice(0, 300)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs the load for `seconds` after `warmUpSeconds` unmeasured (sockets open, caches and the JIT
 * warm); the first failed request fails the whole load.
 */
export async function runLoad(
  target: LoadRequest,
  options: { readonly inFlight: number; readonly seconds: number; readonly warmUpSeconds: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.inFlight });
  const body = Buffer.from(target.body);
  const latencies: number[] = [];
  const begin = performance.now();
  const measureFrom = begin + options.warmUpSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const client = async () => {
    for (let sent = performance.now(); sent < end; sent = performance.now()) {
      await send(agent, target, body);
      if (sent >= measureFrom) latencies.push(performance.now() - sent);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.inFlight }, client));
  } finally {
    agent.destroy();
  }
  // Requests sent in the window, over the time from the window's start to the last answer.
  const elapsedMs = performance.now() - measureFrom;
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    latencyMs: percentiles(latencies),
  };
}
