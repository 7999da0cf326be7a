import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { PROMETHEUS_REGISTRY } from '../common/metrics-registry.token.js';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../common/unhandled-errors.js';
import { ApiVersionResolver } from './api-version.resolver.js';
import { graphqlOptions } from './graphql.options.js';
import { GraphqlSocketLimits } from './graphql-socket.limits.js';
import { GRAPHQL_SECURITY, type GraphqlSecurity } from './graphql.security.js';

/**
 * GraphQL at `/graphql` (HTTP, graphql-ws, Apollo Sandbox for browsers). Feature modules only
 * provide resolvers in `*.resolver.ts` files; `npm run schema:generate` finds them by that name.
 * Authentication and permissions come from the {@link GRAPHQL_SECURITY} provider, which a global
 * module must supply (the authorization module in the application); its metrics go to the
 * {@link PROMETHEUS_REGISTRY} of the global metrics module, its server faults to the global
 * {@link UNHANDLED_ERROR_REPORTER}.
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, GRAPHQL_SECURITY, PROMETHEUS_REGISTRY, UNHANDLED_ERROR_REPORTER],
      useFactory: (
        config: AppConfig,
        security: GraphqlSecurity,
        metrics: Registry,
        reports: UnhandledErrorReporter,
      ) => graphqlOptions(config, security, metrics, reports),
    }),
  ],
  providers: [ApiVersionResolver, GraphqlSocketLimits],
})
export class GraphqlApiModule {}
