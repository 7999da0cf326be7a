import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Extra as SocketExtra } from 'graphql-ws/use/ws';
import { requestIdOf } from '../common/request-id.js';
import type { Principal } from '../identity/principal.js';

/**
 * The context of every GraphQL operation, over HTTP or graphql-ws. The caller is authenticated from
 * `req.headers.authorization` per request, or from `connectionParams.authorization` once per socket.
 */
export interface GraphqlContext {
  readonly transport: 'http' | 'websocket';
  /** Sent with every error and logged with it. */
  readonly requestId: string;
  /** HTTP: the request itself. WebSocket: the upgrade request that opened the socket. */
  readonly req: IncomingMessage;
  readonly res?: ServerResponse;
  /** WebSocket only: the payload of the client's `connection_init`. */
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  /** WebSocket only: the socket and its upgrade request; onConnect may keep per-socket state here. */
  readonly extra?: AuthenticatedSocketExtra;
  /** Who calls: set once authenticated (HTTP: per request; WebSocket: at connection_init). */
  readonly principal?: Principal;
  /** The client's address, for rate limits and audit rows. */
  readonly clientIp?: string;
}

/** A socket's state: the principal onConnect authenticated from `connectionParams.authorization`. */
export type AuthenticatedSocketExtra = SocketExtra & { principal?: Principal };

interface HttpContextInput {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

interface SocketContextInput {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: AuthenticatedSocketExtra;
}

/**
 * Nest hands the same context function `{ req, res }` for HTTP and graphql-ws's `{ connectionParams,
 * extra }` for each operation on a socket.
 */
export function createGraphqlContext(input: HttpContextInput | SocketContextInput): GraphqlContext {
  if ('req' in input) {
    return { transport: 'http', requestId: requestIdOf(input.req), req: input.req, res: input.res };
  }
  return {
    transport: 'websocket',
    // Each operation on a socket is a request of its own.
    requestId: randomUUID(),
    // Setting `req` also keeps Nest from putting the graphql-ws context object in its place.
    req: input.extra.request,
    connectionParams: input.connectionParams ?? {},
    extra: input.extra,
    principal: input.extra.principal,
  };
}
