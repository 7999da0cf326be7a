import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { UnhandledErrorReporter } from '../common/unhandled-errors.js';
import type { GraphqlContext } from './graphql.context.js';
import { classifyGraphqlError } from './graphql-error.formatter.js';

/** Where the server faults of GraphQL operations are reported. */
export type GraphqlFaultReports = UnhandledErrorReporter;

/** Reports the errors that are the server's fault, with the request id the client received. */
export function reportGraphqlFaults(
  reports: GraphqlFaultReports,
  errors: readonly unknown[],
  requestId: string | undefined,
): void {
  for (const error of errors) {
    const { fault } = classifyGraphqlError(error);
    if (fault !== undefined) reports.reportError(fault, { source: 'graphql', requestId });
  }
}

/**
 * Apollo's `formatError` cannot see the context, so the request id joins each error here, after
 * formatting; server faults are reported here too, where the id is known. An error of context
 * creation (contextCreationError) carries its request id itself.
 */
export function graphqlErrorPlugin(reports: GraphqlFaultReports): ApolloServerPlugin<GraphqlContext> {
  return {
    async contextCreationDidFail({ error }) {
      const requestId = error instanceof GraphQLError ? error.extensions.requestId : undefined;
      reportGraphqlFaults(reports, [error], typeof requestId === 'string' ? requestId : undefined);
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          reportGraphqlFaults(reports, errors, contextValue.requestId);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          }));
          // A rate-limited field tells the client when to come back, as REST does.
          const retryAfter = Math.max(
            0,
            ...response.body.singleResult.errors.map((error) => Number(error.extensions?.retryAfter ?? 0)),
          );
          if (retryAfter > 0) response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}
