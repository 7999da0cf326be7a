/**
 * A local HTTP endpoint that HTTP Tasks call as their side effect. It counts deliveries per
 * idempotency key (a header the workflow sets from the task attempt, so every re-delivery of one
 * attempt carries the same key) and notices calls whose client went away before the answer: the
 * evidence for "a side effect at most once more per injected fault" and "in-flight HTTP aborted".
 */
import type http from 'node:http';
import { startHttpServer, type TestHttpServer } from './http-task.servers.js';

/** The request header that carries the key. */
const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * `Parameters.Headers` entry of an HTTP Task that sends the key of its attempt: execution name,
 * state name, Map item index (for a Task inside a Map; -1 elsewhere) and `$$.State.RetryCount`.
 */
export function idempotencyKeyHeader(options: { readonly inMap?: boolean } = {}): Record<string, string> {
  const index = options.inMap ? '$$.Map.Item.Index' : "'-1'";
  return {
    'Idempotency-Key.$': `States.Format('{}/{}/{}/{}', $$.Execution.Name, $$.State.Name, ${index}, $$.State.RetryCount)`,
  };
}

/** The key idempotencyKeyHeader() produces for a Task outside any Map. */
export function idempotencyKeyOf(executionName: string, stateName: string, retryCount = 0): string {
  return `${executionName}/${stateName}/-1/${retryCount}`;
}

/** How the sink answers one request. */
export type SinkBehaviour =
  /** 200 with `{ "ok": true }` at once. */
  | 'answer'
  /** Never answers: the call stays in flight until the client gives up or is aborted. */
  | 'hang';

export interface HttpSink {
  readonly origin: string;
  /** Requests received, by idempotency key (requests without one count under ''). */
  readonly deliveries: ReadonlyMap<string, number>;
  /** Keys of requests whose connection closed before they were answered, in order. */
  readonly aborted: readonly string[];
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1; `behaviour` decides per key how to answer (default: answer). */
export async function startHttpSink(
  behaviour: (key: string) => SinkBehaviour = () => 'answer',
): Promise<HttpSink> {
  const deliveries = new Map<string, number>();
  const aborted: string[] = [];
  const server: TestHttpServer = await startHttpServer((request, response, raw) => {
    const key = String(request.headers[IDEMPOTENCY_HEADER] ?? '');
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    watchForAbort(key, raw, response, aborted);
    if (behaviour(key) === 'hang') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true }));
  });
  return {
    origin: server.origin,
    deliveries,
    aborted,
    close: () => server.close(),
  };
}

function watchForAbort(
  key: string,
  raw: http.IncomingMessage,
  response: http.ServerResponse,
  aborted: string[],
): void {
  raw.socket.once('close', () => {
    if (!response.writableEnded) aborted.push(key);
  });
}
