import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { clientIpOf } from '../client-ip.js';
import { RateLimitedError } from './rate-limited.error.js';

/**
 * What the guard reads of a GraphQL operation's context (GraphqlContext has more): the request,
 * and the response over HTTP; an event of an open subscription has no response.
 */
interface OperationContext {
  readonly req: IncomingMessage;
  readonly res?: ServerResponse;
}

/**
 * The per-IP limit on every REST route and every root GraphQL field (a global guard runs once per
 * root field, so a document with ten fields counts ten). One bucket per client address across all
 * routes: spreading requests over routes gains nothing. Over the limit: 429 / TOO_MANY_REQUESTS
 * with `Retry-After`. graphql-ws sockets are limited by their own per-IP cap instead.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    // Events of an open subscription are not requests; the socket was counted when it connected.
    return context.getType<'graphql' | 'http'>() === 'graphql' && !this.graphqlContext(context).res;
  }

  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<'graphql' | 'http'>() !== 'graphql') return super.getRequestResponse(context);
    const { req, res } = this.graphqlContext(context);
    return { req: req as unknown as Record<string, unknown>, res: res as unknown as Record<string, unknown> };
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return clientIpOf(req as unknown as IncomingMessage, this.config.trustProxyHops) ?? 'unknown';
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:ip:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(
      'Too many requests from this address; retry after the time in Retry-After',
      detail.timeToBlockExpire * 1000,
    );
  }

  private graphqlContext(context: ExecutionContext): OperationContext {
    return GqlExecutionContext.create(context).getContext<OperationContext>();
  }
}
