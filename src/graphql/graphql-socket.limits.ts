import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { REQUEST_BODY_LIMIT_BYTES } from '../http/http.setup.js';

/**
 * The largest graphql-ws message a socket may send: the cap of an HTTP request body. Larger ones
 * close the socket with 1009 (Message Too Big) before they are buffered whole; `ws` would
 * otherwise take up to 100 MiB per message.
 */
export const SOCKET_MESSAGE_LIMIT_BYTES = REQUEST_BODY_LIMIT_BYTES;

/** The part of the Apollo driver that owns the WebSocket server (not in its public types). */
interface DriverWithSockets {
  readonly _subscriptionService?: { readonly wss?: { readonly options: { maxPayload?: number } } };
}

/**
 * Caps graphql-ws messages. Nest builds the WebSocket server itself and passes `ws` no
 * `maxPayload`, so the cap is set on the server it built, once it exists (after module init).
 * Refuses to boot if the driver no longer has that shape, rather than run without the cap.
 */
@Injectable()
export class GraphqlSocketLimits implements OnApplicationBootstrap {
  constructor(private readonly modules: ModuleRef) {}

  onApplicationBootstrap(): void {
    const graphql = this.modules.get(GraphQLModule, { strict: false });
    const options = (graphql.graphQlAdapter as DriverWithSockets)._subscriptionService?.wss?.options;
    if (!options)
      throw new Error('Cannot cap graphql-ws messages: the GraphQL driver has no WebSocket server');
    options.maxPayload = SOCKET_MESSAGE_LIMIT_BYTES;
  }
}
