import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import { Authenticator } from '../auth/authenticator.js';
import { accessDenial } from '../authorization/access.check.js';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from '../authorization/access.decorators.js';
import type { CallerRequest } from '../authorization/caller.decorator.js';
import type { Permission } from '../authorization/permission.js';
import { AppError } from '../common/app-error.js';
import { requestIdOf } from '../common/request-id.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { clientIpOf } from '../http/client-ip.js';
import type { Principal } from '../identity/principal.js';

type RoutedRequest = CallerRequest & { route?: { path?: string }; params?: Record<string, string> };

/**
 * The global guard of REST routes: authenticates the `Authorization` header and checks the route's
 * `@RequirePermission`. A route that declares neither a permission nor `@Public()` is refused to
 * everyone: deny by default, as graphql-shield does for GraphQL. Every refusal is audited. GraphQL
 * resolvers pass through: graphql-shield guards them.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RoutedRequest>();
    const origin = { ip: clientIpOf(req, this.config.trustProxyHops), requestId: requestIdOf(req) };
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      req.caller = { principal: undefined, origin };
      return true;
    }
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    let principal: Principal | undefined;
    let denial: AppError | undefined;
    try {
      principal = await this.authenticator.authenticate(req.headers.authorization);
      denial = permissions
        ? permissions.map((permission) => accessDenial(permission, principal)).find(Boolean)
        : AppError.forbidden('No permission is defined for this route');
    } catch (error) {
      // Only a refused credential is a denial; a database outage is a fault and propagates as one.
      if (!(error instanceof AppError)) throw error;
      denial = error;
    }
    req.caller = { principal, origin };
    if (!denial) return true;
    await this.audit.recordAfter({
      actor: principal,
      operation: `${req.method} ${req.route?.path ?? req.url}`,
      targetIds: Object.values(req.params ?? {}),
      outcome: 'denied',
      errorCode: denial.code,
      origin,
    });
    throw denial;
  }
}
