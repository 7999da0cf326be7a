import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { GraphQLSchema } from 'graphql';
import { auditPlugin } from '../audit/audit.plugin.js';
import { AuditService } from '../audit/audit.service.js';
import { SELF_AUDITED_MUTATIONS } from '../auth/auth.constants.js';
import { Authenticator } from '../auth/authenticator.js';
import { protectSchema } from '../authorization/authorization.rules.js';
import { AppError } from '../common/app-error.js';
import type { RequestOrigin } from '../common/request-origin.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { GraphqlSecurity } from '../graphql/graphql.security.js';
import type { Principal } from '../identity/principal.js';
import { SocketAccess } from './socket.access.js';

/** The application's {@link GraphqlSecurity}: the authenticator, graphql-shield, the audit plugin, socket access. */
@Injectable()
export class GraphqlSecurityProvider implements GraphqlSecurity {
  readonly plugins;
  readonly sockets: SocketAccess;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.plugins = [auditPlugin(audit, SELF_AUDITED_MUTATIONS)];
    this.sockets = new SocketAccess({
      authenticator,
      audit,
      trustProxyHops: config.trustProxyHops,
      maxSocketsPerIp: config.rateLimits.socketsPerIp,
    });
  }

  async authenticateRequest(req: IncomingMessage, origin: RequestOrigin): Promise<Principal | undefined> {
    try {
      return await this.authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof AppError) {
        await this.audit.recordAfter({
          actor: undefined,
          operation: 'graphql',
          outcome: 'denied',
          errorCode: error.code,
          origin,
        });
      }
      throw error;
    }
  }

  protectSchema(schema: GraphQLSchema): GraphQLSchema {
    return protectSchema(schema);
  }
}
