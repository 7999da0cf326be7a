import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql';
import { ApiError, freshAccessToken, onSessionChange } from '../session/session';

interface GraphqlErrorBody {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

function apiErrorOf(errors: readonly GraphqlErrorBody[]): ApiError {
  const first = errors[0];
  return new ApiError(first?.message ?? 'Unknown error', first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}

/** Runs a query or mutation over HTTP with the session's access token. */
export async function request<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const token = await freshAccessToken();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('The server cannot be reached', 'NETWORK_ERROR');
  }
  let body: { data?: Result | null; errors?: GraphqlErrorBody[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `The server answered ${response.status} ${response.statusText}`,
      `HTTP_${response.status}`,
    );
  }
  if (body.errors?.length) throw apiErrorOf(body.errors);
  if (!body.data) throw new ApiError('The server answered no data', 'INTERNAL_SERVER_ERROR');
  return body.data;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'lost';

const connectionListeners = new Set<(state: ConnectionState) => void>();
let connectionState: ConnectionState = 'idle';

function setConnectionState(state: ConnectionState): void {
  connectionState = state;
  for (const listener of connectionListeners) listener(state);
}

export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  connectionListeners.add(listener);
  listener(connectionState);
  return () => connectionListeners.delete(listener);
}

let socket: Client | null = null;

/**
 * One graphql-ws socket for every subscription of the page, opened on first use. It authenticates
 * at connection_init with a fresh access token, so a reconnection (after a lost network, or the
 * server closing at token expiry) carries the refreshed one; it retries for ever.
 */
export function socketClient(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: async () => {
      const token = await freshAccessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5_000)));
    },
    on: {
      connecting: () => {
        if (connectionState !== 'lost') setConnectionState('connecting');
      },
      connected: () => setConnectionState('connected'),
      // 1000: closed on purpose (no subscription left, a sign-out); anything else is a loss.
      closed: (event) =>
        setConnectionState((event as CloseEvent | undefined)?.code === 1000 ? 'idle' : 'lost'),
    },
  });
  return socket;
}

// A sign-out ends the socket: its principal is gone.
onSessionChange((session) => {
  if (session === null && socket) {
    void socket.dispose();
    socket = null;
  }
});

export interface SubscriptionHandlers<Result> {
  next(data: Result): void;
  error(error: ApiError): void;
  /** The server ended the subscription (e.g. the execution ended). */
  complete?(): void;
}

/** The server closes a socket when its access token expires (docs/security.md). */
const TOKEN_EXPIRED = 4401;

function isCloseEvent(error: unknown): error is { code: number; reason?: string } {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number';
}

/** Whether a subscription ended because its socket's access token expired: start it again. */
export function isTokenExpiry(error: unknown): boolean {
  return isCloseEvent(error) && error.code === TOKEN_EXPIRED;
}

/**
 * Subscribes; the returned function unsubscribes. When the access token expires the server closes
 * the socket, which graphql-ws does not retry: the subscription starts again on a new socket with a
 * fresh token, with the same `variables` object (which a caller may keep current, e.g. `afterSeq`).
 */
export function subscribe<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  handlers: SubscriptionHandlers<Result>,
): () => void {
  const payload = { query: document.toString(), variables: variables as Record<string, unknown> };
  let stopped = false;
  const start = (): (() => void) =>
    socketClient().subscribe<Result>(payload, {
      next: (value) => {
        if (value.errors?.length) handlers.error(apiErrorOf(value.errors as GraphqlErrorBody[]));
        else if (value.data) handlers.next(value.data);
      },
      error: (error) => {
        if (stopped) return;
        if (isTokenExpiry(error)) {
          stop = start();
        } else if (Array.isArray(error)) {
          handlers.error(apiErrorOf(error as GraphqlErrorBody[]));
        } else {
          const reason = isCloseEvent(error) ? error.reason || `closed with code ${error.code}` : undefined;
          handlers.error(
            new ApiError(
              error instanceof Error
                ? error.message
                : `The live connection failed${reason ? `: ${reason}` : ''}`,
              'NETWORK_ERROR',
            ),
          );
        }
      },
      complete: () => handlers.complete?.(),
    });
  let stop = start();
  return () => {
    stopped = true;
    stop();
  };
}
