import type { ServerResponse } from 'node:http';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/app-error.js';
import { REQUEST_ID_HEADER, requestIdOf, type IdentifiedRequest } from '../common/request-id.js';
import type { UnhandledErrorReporter } from '../common/unhandled-errors.js';
import { PROBLEM_CONTENT_TYPE, problemDetailsOf } from './problem-details.js';

export interface ProblemDetailsFilterOptions {
  /** Development only: 500 problems carry the stack of the unexpected error. */
  readonly exposeStack: boolean;
  /** Where unexpected errors are reported. */
  readonly errors: UnhandledErrorReporter;
}

type RoutedRequest = IdentifiedRequest & { originalUrl?: string };

/**
 * Answers every failed HTTP request with `application/problem+json`: AppErrors, Nest's HTTP
 * exceptions (unknown routes, body-parser failures, which Nest maps to 400 and 413), database
 * outages (503 with `Retry-After`) and unexpected errors, which become a 500 that says nothing of
 * its cause and are reported (logged once, counted, sent to Sentry) with the request id.
 * GraphQL errors are not its business: they are rethrown for GraphQL's own formatting.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly options: ProblemDetailsFilterOptions) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<RoutedRequest>();
    const res = host.switchToHttp().getResponse<ServerResponse>();
    const error = AppError.from(exception);
    const requestId = requestIdOf(req);
    const fault = error.code === ErrorCode.INTERNAL_SERVER_ERROR ? (error.cause ?? error) : undefined;
    if (fault !== undefined) this.options.errors.reportError(fault, { source: 'http', requestId });
    if (res.headersSent) {
      // Part of a response is out: a problem body can no longer replace it.
      res.destroy();
      return;
    }
    const problem = problemDetailsOf(error, {
      instance: (req.originalUrl ?? req.url ?? '').split('?')[0]!,
      requestId,
      stack: this.options.exposeStack && fault instanceof Error ? fault.stack : undefined,
    });
    res.statusCode = problem.status;
    res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // 429 and 503 (a rate limit, the database down) say when to come back.
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.end(JSON.stringify(problem));
  }
}
