import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor } from '../audit/audit.interceptor.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { GRAPHQL_SECURITY } from '../graphql/graphql.security.js';
import { RateLimitGuard } from '../http/rate-limit/rate-limit.guard.js';
import { RateLimitModule } from '../http/rate-limit/rate-limit.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessGuard } from './access.guard.js';
import { GraphqlSecurityProvider } from './graphql-security.provider.js';

/**
 * The security of the API, wired once: the per-IP rate limit, then the REST access guard (global
 * guards, in that order), the audit of REST writes (a global interceptor), and
 * {@link GRAPHQL_SECURITY} for the GraphQL module (shield rules, audit plugin, socket access).
 */
@Global()
@Module({
  imports: [RateLimitModule, AuthModule, AuditModule, UsersModule],
  providers: [
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    GraphqlSecurityProvider,
    { provide: GRAPHQL_SECURITY, useExisting: GraphqlSecurityProvider },
  ],
  exports: [GRAPHQL_SECURITY],
})
export class SecurityModule {}
