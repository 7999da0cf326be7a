import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError } from '../common/app-error.js';
import type { RequestOrigin } from '../common/request-origin.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import type { Principal } from '../identity/principal.js';

/** Who calls and from where: what services need for their checks and audit rows. */
export interface Caller {
  readonly principal: Principal | undefined;
  readonly origin: RequestOrigin;
}

/** A REST request once the access guard has looked at it. */
export type CallerRequest = IncomingMessage & { caller?: Caller };

/** The caller of a GraphQL operation (from its context) or of a REST route (set by the access guard). */
export function callerOf(context: ExecutionContext): Caller {
  if (context.getType<'graphql' | 'http'>() === 'graphql') {
    const ctx = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    return { principal: ctx.principal, origin: { ip: ctx.clientIp, requestId: ctx.requestId } };
  }
  const caller = context.switchToHttp().getRequest<CallerRequest>().caller;
  // The access guard runs before every route: no caller means it was not registered.
  if (!caller) throw AppError.internal(new Error('The access guard did not run for this route'));
  return caller;
}

/** Injects the {@link Caller} into a resolver or controller method. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  callerOf(context),
);
