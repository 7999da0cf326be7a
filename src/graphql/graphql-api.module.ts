import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ErrorReports } from '../observability/error-reports/error-reports.service.js';
import { ApiVersionResolver } from './api-version.resolver.js';
import { graphqlOptions } from './graphql.options.js';
import { GraphqlSocketLimits } from './graphql-socket.limits.js';
import { GRAPHQL_SECURITY, type GraphqlSecurity } from './graphql.security.js';

/**
 * GraphQL at `/graphql` (HTTP, graphql-ws, Apollo Sandbox for browsers). Feature modules only
 * provide resolvers in `*.resolver.ts` files; `npm run schema:generate` finds them by that name.
 * Authentication and permissions come from the {@link GRAPHQL_SECURITY} provider, which a global
 * module must supply (the authorization module in the application); server faults are reported
 * through the global ErrorReports.
 */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG, GRAPHQL_SECURITY, ErrorReports],
      useFactory: (config: AppConfig, security: GraphqlSecurity, reports: ErrorReports) =>
        graphqlOptions(config, security, reports),
    }),
  ],
  providers: [ApiVersionResolver, GraphqlSocketLimits],
})
export class GraphqlApiModule {}
