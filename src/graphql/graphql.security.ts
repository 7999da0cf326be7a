import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ExecutionArgs, GraphQLSchema } from 'graphql';
import type { Context as SocketContext } from 'graphql-ws';
import type { Principal } from '../identity/principal.js';
import type { AuthenticatedSocketExtra, GraphqlContext } from './graphql.context.js';

/** A graphql-ws connection as its hooks see it. */
export type GraphqlSocketContext = SocketContext<
  Record<string, unknown> | undefined,
  AuthenticatedSocketExtra
>;

/** Who may use a socket, and for how long. */
export interface GraphqlSocketSecurity {
  /** At `connection_init`: authenticates and keeps the principal on `extra`; false closes with 4403. */
  onConnect(ctx: GraphqlSocketContext): Promise<boolean>;
  /**
   * Before each event of a subscription: false when the caller may no longer receive it (the
   * token expired, access was revoked); the socket has then been closed and the event is dropped.
   * It runs for every event of every subscriber: answer at once when no I/O is needed.
   */
  allowsEvent(ctx: GraphqlSocketContext, args: ExecutionArgs): boolean | Promise<boolean>;
  /**
   * What an operation's results may depend on besides the operation and the event: subscribers
   * with the same key share each event's result (see sharedResultsSubscribe). Absent: no sharing.
   */
  resultAccessKey?(contextValue: GraphqlContext): string | undefined;
  onClose(ctx: GraphqlSocketContext): void;
}

/**
 * What the GraphQL module needs from authentication and authorization, provided under
 * {@link GRAPHQL_SECURITY} by the security module. The module itself knows no users or roles.
 */
export interface GraphqlSecurity {
  /** The caller of an HTTP request; throws UNAUTHENTICATED for a credential that is not valid. */
  authenticateRequest(
    req: IncomingMessage,
    origin: { ip: string | undefined; requestId: string },
  ): Promise<Principal | undefined>;
  /** Applies the field permissions to the built schema (graphql-shield). */
  protectSchema(schema: GraphQLSchema): GraphQLSchema;
  /** Apollo plugins of the security layer (the audit of mutations and denials). */
  readonly plugins: readonly ApolloServerPlugin<GraphqlContext>[];
  readonly sockets: GraphqlSocketSecurity;
}

/** Injection token of the {@link GraphqlSecurity}. */
export const GRAPHQL_SECURITY = Symbol('GRAPHQL_SECURITY');
