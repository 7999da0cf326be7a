/** GraphQL over HTTP against Stepgraph's public API, with Node's fetch: the library's only transport. */
import { NetworkError, StepgraphApiError } from './errors.js';

/** Where the service is and who calls it. */
export interface Connection {
  /** The service's base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** An API key (role `worker` is enough) or an access token, sent as `Authorization: Bearer`. */
  readonly apiKey: string;
}

interface GraphqlBody<TData> {
  readonly data?: TData | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

export interface RequestOptions {
  /** Cancels the request (a stopping worker's poll). */
  readonly signal?: AbortSignal;
  /** Fails the attempt with a NetworkError after this long. */
  readonly timeoutMs: number;
}

/**
 * Sends one GraphQL operation. Rejects with a {@link StepgraphApiError} when the API answered
 * with an error, a {@link NetworkError} when no complete answer came, or the signal's reason when
 * the caller aborted.
 */
export async function graphqlRequest<TData>(
  connection: Connection,
  query: string,
  variables: Record<string, unknown>,
  options: RequestOptions,
): Promise<TData> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  let text: string;
  try {
    response = await fetch(new URL('/graphql', connection.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${connection.apiKey}`,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.any(signals),
    });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new NetworkError(`POST ${connection.url}/graphql failed: ${describe(error)}`, { cause: error });
  }
  const body = parse<TData>(text);
  const first = body?.errors?.[0];
  if (first) {
    throw new StepgraphApiError(
      first.extensions?.code ?? `HTTP_${response.status}`,
      first.message,
      response.status,
    );
  }
  if (!response.ok || body?.data == null) {
    throw new StepgraphApiError(
      `HTTP_${response.status}`,
      `POST ${connection.url}/graphql answered HTTP ${response.status} without data`,
      response.status,
    );
  }
  return body.data;
}

function parse<TData>(text: string): GraphqlBody<TData> | undefined {
  try {
    return JSON.parse(text) as GraphqlBody<TData>;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch says only "fetch failed"; what failed is in its cause (ECONNREFUSED, a reset socket).
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
