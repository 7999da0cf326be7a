import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { callerOf, type CallerRequest } from '../authorization/caller.decorator.js';
import { AppError, ErrorCode } from '../common/app-error.js';
import { AUDITED_BY_SERVICE } from './audit.decorators.js';
import type { AuditOutcome } from './audit.entry.js';
import { AuditService } from './audit.service.js';
import { targetIdsOf } from './audit.targets.js';

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
 * The audit of REST writes, in one place: one row per POST, PUT, PATCH or DELETE once it has
 * answered, with the route (`POST /api/v1/state-machines/:id/executions`), the ids in its path,
 * body and result, and its outcome. Denials by the access guard are recorded by the guard, which
 * runs before any interceptor.
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
    const record = (outcome: AuditOutcome, result: unknown, errorCode?: string) =>
      from(
        this.audit.recordAfter({
          actor: callerOf(context).principal,
          operation: `${req.method} ${req.route?.path ?? req.url}`,
          targetIds: [...Object.values(req.params ?? {}), ...targetIdsOf(req.body, result)],
          outcome,
          errorCode,
          origin: callerOf(context).origin,
        }),
      );
    return next.handle().pipe(
      mergeMap((result) => record('success', result).pipe(mergeMap(() => [result]))),
      catchError((error: unknown) => {
        const { code } = AppError.from(error);
        return record(DENIED_CODES.has(code) ? 'denied' : 'failed', undefined, code).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }
}
