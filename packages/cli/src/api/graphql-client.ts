/**
 * Stepgraph's public GraphQL API at `<url>/graphql`: queries and mutations over HTTP, subscriptions
 * over graphql-ws. Errors become {@link CliError}s that name the server's code and message.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { CliError } from '../errors.js';

export interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export interface ApiClient {
  readonly url: string;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The results of a subscription, until the server completes it. */
  subscribe<T>(query: string, variables: Record<string, unknown>): AsyncGenerator<T>;
  close(): Promise<void>;
}

/** `NOT_FOUND: No execution with id …`: what a GraphQL error says, for a person. */
export function describeErrors(errors: readonly GraphqlError[]): string {
  return errors
    .map(({ message, extensions }) => (extensions?.code ? `${extensions.code}: ${message}` : message))
    .join('; ');
}

export class ApiError extends CliError {
  constructor(readonly errors: readonly GraphqlError[]) {
    super(describeErrors(errors));
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(
    `cannot reach Stepgraph at ${url} (${reason}): is it running? Set --url or STEPGRAPH_URL`,
  );
}

export function createApiClient(url: string, authorization: string | undefined): ApiClient {
  const endpoint = `${url}/graphql`;
  let socket: Client | undefined;
  const connect = () =>
    (socket ??= createClient({
      url: endpoint.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: authorization ? { authorization } : {},
      retryAttempts: 5,
      shouldRetry: () => true,
    }));

  return {
    url,
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        throw unreachable(url, error);
      }
      const text = await response.text();
      let body: { data?: T | null; errors?: GraphqlError[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new CliError(
          `${endpoint} answered ${response.status} with no GraphQL response: is ${url} Stepgraph?`,
        );
      }
      if (body.errors?.length) throw new ApiError(body.errors);
      if (!body.data) throw new CliError(`${endpoint} answered ${response.status} with no data`);
      return body.data;
    },
    async *subscribe<T>(query: string, variables: Record<string, unknown>): AsyncGenerator<T> {
      const results = connect().iterate<T>({ query, variables });
      try {
        for await (const result of results) {
          if (result.errors?.length) throw new ApiError(result.errors as GraphqlError[]);
          if (result.data) yield result.data;
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (Array.isArray(error)) throw new ApiError(error as GraphqlError[]);
        // graphql-ws rejects with the socket's close event when the server closes it (4401, 4403…).
        const closed = error as { code?: unknown; reason?: unknown };
        if (typeof closed.code === 'number' && typeof closed.reason === 'string') {
          throw new CliError(
            `the server closed the subscription (${closed.code}${closed.reason ? `: ${closed.reason}` : ''})`,
          );
        }
        throw unreachable(url, error);
      } finally {
        await results.return?.(undefined);
      }
    },
    async close() {
      await socket?.dispose();
    },
  };
}
