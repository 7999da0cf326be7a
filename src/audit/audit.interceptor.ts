import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { callerOf, type CallerRequest } from '../authorization/caller.decorator.js';
import { AppError, ErrorCode } from '../common/app-error.js';
import { AUDITED_BY_SERVICE } from './audit.decorators.js';
import { AuditService } from './audit.service.js';
import { targetIdsOf } from './audit.targets.js';
import { openAct } from './audited-act.js';

/** HTTP methods that change something. */
const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const DENIED_CODES: ReadonlySet<string> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.TOO_MANY_REQUESTS,
]);

type RoutedRequest = CallerRequest & {
  route?: { path?: string };
  params?: Record<string, string>;
  body?: unknown;
};

/**
 * The audit of REST writes, in one place: one row per POST, PUT, PATCH or DELETE, with the route
 * (`POST /api/v1/state-machines/:id/executions`), the ids in its path, body and result, and its
 * outcome. It opens the request's {@link AuditedAct} before the handler runs: a service that
 * performs the act records its success in the act's transaction, and this writes the row of any
 * other outcome once the request settled. Denials by the access guard are recorded by the guard,
 * which runs before any interceptor.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RoutedRequest>();
    const selfAudited = this.reflector.getAllAndOverride<boolean>(AUDITED_BY_SERVICE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!WRITE_METHODS.has(req.method ?? '') || selfAudited) return next.handle();
    const { principal, origin } = callerOf(context);
    const act = openAct(req, '', {
      actor: principal,
      operation: `${req.method} ${req.route?.path ?? req.url}`,
      targetIds: [...Object.values(req.params ?? {}), ...targetIdsOf(req.body)],
      origin,
    });
    return next.handle().pipe(
      mergeMap((result) =>
        from(this.audit.settle(act, 'success', { resultTargetIds: targetIdsOf(result) })).pipe(
          mergeMap(() => [result]),
        ),
      ),
      catchError((error: unknown) => {
        const { code } = AppError.from(error);
        return from(
          this.audit.settle(act, DENIED_CODES.has(code) ? 'denied' : 'failed', { errorCode: code }),
        ).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
