import { join } from 'node:path';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { BuildSchemaOptions } from '@nestjs/graphql';
import type { Registry } from 'prom-client';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '../config/config.js';
import { clientIpOf } from '../http/client-ip.js';
import type { UnhandledErrorReporter } from '../common/unhandled-errors.js';
import { createGraphqlContext, type GraphqlContext } from './graphql.context.js';
import { contextCreationError, formatGraphqlError } from './graphql-error.formatter.js';
import { graphqlErrorPlugin } from './graphql-error.plugin.js';
import { graphqlMetricsPlugin } from './graphql.metrics.js';
import { httpSubscriptionPlugin } from './http-subscription.plugin.js';
import { graphqlWsOptions } from './graphql-ws.options.js';
import { graphqlLimitRules, MAX_TOKENS } from './graphql.limits.js';
import type { GraphqlSecurity } from './graphql.security.js';
import { DateTimeScalar } from './scalars/date-time.scalar.js';

/** Where GraphQL answers, over HTTP and graphql-ws alike. */
export const GRAPHQL_PATH = '/graphql';

/** The committed SDL of the API, at the repository root. */
export const SCHEMA_FILE_NAME = 'schema.gql';

/**
 * How code-first classes become a schema. Shared by the server and `npm run schema:generate` so
 * both print the same SDL: a `Date` field is a DateTime; `JSON` fields name JsonScalar themselves.
 */
export const SCHEMA_BUILD_OPTIONS: BuildSchemaOptions = {
  scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  noDuplicatedFields: true,
  addNewlineAtEnd: true,
};

type ContextInput = Parameters<typeof createGraphqlContext>[0];

/**
 * The context of one operation, with its caller. Over HTTP a credential that is not valid fails the
 * whole request with 401 / UNAUTHENTICATED, as REST does, and a database that cannot be reached
 * while authenticating with 503 / SERVICE_UNAVAILABLE; no credential is an anonymous caller. A
 * socket's caller was authenticated once, at `connection_init`.
 */
async function authenticatedContext(
  input: ContextInput,
  security: GraphqlSecurity,
  trustProxyHops: number,
): Promise<GraphqlContext> {
  const context = createGraphqlContext(input);
  const clientIp = clientIpOf(context.req, trustProxyHops);
  if (context.transport === 'websocket') return { ...context, clientIp };
  try {
    const principal = await security.authenticateRequest(context.req, {
      ip: clientIp,
      requestId: context.requestId,
    });
    return { ...context, principal, clientIp };
  } catch (error) {
    throw contextCreationError(error, context.requestId);
  }
}

/** The request id an error was tagged with before any context existed (see contextCreationError). */
function taggedRequestId(error: unknown): string | undefined {
  const requestId = error instanceof GraphQLError ? error.extensions.requestId : undefined;
  return typeof requestId === 'string' ? requestId : undefined;
}

/**
 * Apollo's options. Only a development server rewrites `schema.gql` as it boots: tests boot partial
 * apps with test-only resolvers, and a production image may not write its working directory;
 * `npm run schema:generate` is the canonical writer and `npm run schema:check` guards it.
 *
 * Security (docs/security.md): field permissions through `transformSchema` (the one schema serves
 * HTTP and graphql-ws), the limits of graphql.limits.ts, no batched requests, CSRF prevention, and
 * introspection, Sandbox and "did you mean" only where GRAPHQL_INTROSPECTION allows (by default
 * everywhere but production).
 */
export function graphqlOptions(
  config: AppConfig,
  security: GraphqlSecurity,
  metrics: Registry,
  reports: UnhandledErrorReporter,
): ApolloDriverConfig {
  const exposeStack = !config.isProduction;
  const introspection = config.graphqlIntrospection;
  const hideSuggestions = !introspection;
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: config.nodeEnv === 'development' ? join(process.cwd(), SCHEMA_FILE_NAME) : true,
    sortSchema: true,
    buildSchemaOptions: SCHEMA_BUILD_OPTIONS,
    transformSchema: (schema) => security.protectSchema(schema),
    introspection,
    // Sandbox replaces both; left on, Nest would serve GraphiQL outside production.
    graphiql: false,
    playground: false,
    plugins: [
      // Sandbox needs introspection: without it there is no landing page at all.
      introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
      graphqlErrorPlugin(reports),
      graphqlMetricsPlugin(metrics),
      httpSubscriptionPlugin(),
      ...security.plugins,
    ],
    context: (input: ContextInput) => authenticatedContext(input, security, config.trustProxyHops),
    validationRules: graphqlLimitRules(),
    parseOptions: { maxTokens: MAX_TOKENS },
    // One HTTP request is one operation: a batch would multiply what the per-request limits allow.
    allowBatchedHttpRequests: false,
    // Refuses GET and simple (form, text/plain) POSTs that a foreign page could send with cookies.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Errors are classified once, in formatGraphqlError; Nest's own mapping of HTTP exceptions is off.
    autoTransformHttpErrors: false,
    formatError: (_formatted, error) =>
      formatGraphqlError(error, { exposeStack, hideSuggestions, requestId: taggedRequestId(error) }),
    subscriptions: {
      'graphql-ws': graphqlWsOptions({
        exposeStack,
        path: GRAPHQL_PATH,
        hideSuggestions,
        sockets: security.sockets,
        reports,
      }),
    },
  };
}
