import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode, HTTP_STATUS_BY_CODE } from '../common/app-error.js';
import type { GraphqlContext } from './graphql.context.js';

/** What a client that sent a subscription over HTTP is told. */
export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'Subscriptions are served over WebSocket only: connect with graphql-ws to /graphql.';

/**
 * Refuses a subscription sent over HTTP as the client's mistake (400, BAD_USER_INPUT), before it
 * runs: Apollo would execute it as a query, and the subscription field, which has no resolver of
 * its own, would fail as a server fault (a null in a non-null field).
 */
export function httpSubscriptionPlugin(): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.transport !== 'http') return;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, {
            extensions: {
              code: ErrorCode.BAD_USER_INPUT,
              http: { status: HTTP_STATUS_BY_CODE[ErrorCode.BAD_USER_INPUT] },
            },
          });
        },
      };
    },
  };
}
