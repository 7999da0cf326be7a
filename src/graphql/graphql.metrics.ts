import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GraphqlContext } from './graphql.context.js';

const MS_PER_SECOND = 1000;

/** The operation type of a request that never got one: it did not parse, or its context failed. */
const UNKNOWN_OPERATION = 'unknown';

/** Error codes are the API's own (`extensions.code`); anything else is counted as this. */
const OTHER_CODE = 'OTHER';
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

function codeOf(extensions: Readonly<Record<string, unknown>> | undefined): string {
  const code = extensions?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : OTHER_CODE;
}

/**
 * GraphQL over HTTP on `/metrics` (the application's `registry`): `stepgraph_graphql_request_duration_seconds{operation_type}` and
 * `stepgraph_graphql_errors_total{operation_type,code}`, one count per error of a response. Labels
 * are the operation's type and the errors' codes, never an operation's name (a client chooses it).
 * Operations over graphql-ws are not Apollo requests: subscriptions are counted by their feeds.
 */
export function graphqlMetricsPlugin(registry: Registry): ApolloServerPlugin<GraphqlContext> {
  const requests = new Histogram({
    name: 'stepgraph_graphql_request_duration_seconds',
    help: 'GraphQL requests over HTTP this process answered, by operation type (query, mutation, subscription; unknown when it did not parse or authenticate)',
    labelNames: ['operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'stepgraph_graphql_errors_total',
    help: 'Errors in GraphQL responses this process sent, by operation type and error code (extensions.code)',
    labelNames: ['operation_type', 'code'] as const,
    registers: [registry],
  });
  return {
    async contextCreationDidFail({ error }) {
      const extensions = error instanceof GraphQLError ? error.extensions : undefined;
      errors.inc({ operation_type: UNKNOWN_OPERATION, code: codeOf(extensions) });
    },
    async requestDidStart() {
      const began = performance.now();
      return {
        async willSendResponse({ operation, response }) {
          const operationType = operation?.operation ?? UNKNOWN_OPERATION;
          requests.observe({ operation_type: operationType }, (performance.now() - began) / MS_PER_SECOND);
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of sent ?? [])
            errors.inc({ operation_type: operationType, code: codeOf(error.extensions) });
        },
      };
    },
  };
}
