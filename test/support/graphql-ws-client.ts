import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { VariablesOf } from './graphql-client.js';

/** How long {@link GraphqlSubscription.next} waits by default before failing the test. */
const DEFAULT_NEXT_TIMEOUT_MS = 5000;

/** One running subscription: read its results in order, then close it. */
export interface GraphqlSubscription<TData> {
  /** The next result, or a rejection when none arrives within `timeoutMs` or the stream ends. */
  next(timeoutMs?: number): Promise<FormattedExecutionResult<TData, unknown>>;
  close(): Promise<void>;
}

/** A graphql-ws connection to `${baseUrl}/graphql`, as a browser or worker would open it. */
export interface GraphqlSocket {
  readonly client: Client;
  /** Resolves once the server acknowledged `connection_init`; rejects if it closed the socket. */
  connected(): Promise<void>;
  /** Resolves with the close code and reason once the socket closed (the server's, or ours). */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  subscribe<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesOf<TVariables>
  ): GraphqlSubscription<TData>;
  close(): Promise<void>;
}

function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function subscribeOn<TData, TVariables>(
  client: Client,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables | undefined,
): GraphqlSubscription<TData> {
  const iterator = client.iterate<TData>({
    query: print(document),
    variables: variables as Record<string, unknown> | undefined,
  });
  return {
    async next(timeoutMs = DEFAULT_NEXT_TIMEOUT_MS) {
      const step = await withDeadline(iterator.next(), timeoutMs, 'a subscription result');
      if (step.done) throw new Error('the subscription ended');
      return step.value;
    },
    async close() {
      await iterator.return?.();
    },
  };
}

export function openGraphqlSocket(
  baseUrl: string,
  options: {
    connectionParams?: Record<string, unknown>;
    token?: string;
    /** The WebSocket class to connect with: `ws`'s, or one that also records what arrives. */
    webSocketImpl?: typeof WebSocket;
  } = {},
): GraphqlSocket {
  const connectionParams =
    options.token === undefined
      ? options.connectionParams
      : { ...options.connectionParams, authorization: `Bearer ${options.token}` };
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    // A refused connection is the test's business, not an unhandled rejection.
    onNonLazyError: () => undefined,
  });
  const connection = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (event) => reject(new Error(`socket closed: ${JSON.stringify(event)}`)));
    client.on('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
  });
  const closure = new Promise<{ code: number; reason: string }>((resolve) => {
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    });
  });
  // Observed later (or never) by the test; keep Node from reporting it as unhandled meanwhile.
  connection.catch(() => undefined);
  return {
    client,
    connected: () => withDeadline(connection, DEFAULT_NEXT_TIMEOUT_MS, 'connection_ack'),
    closed: (timeoutMs = DEFAULT_NEXT_TIMEOUT_MS) => withDeadline(closure, timeoutMs, 'the socket closing'),
    subscribe: (document, ...[variables]) => subscribeOn(client, document, variables),
    close: () => client.dispose() as Promise<void>,
  };
}
