import type { IncomingMessage, ServerResponse } from 'node:http';
import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/app-error.js';
import { requestIdOf, type IdentifiedRequest } from '../../common/request-id.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../../common/unhandled-errors.js';
import { awsErrorOf } from './aws-error.mapping.js';
import { sendAwsError } from './aws-response.js';

/**
 * Answers every failure of the AWS endpoint as AWS does, including those of the global guards
 * that run before its controller: our rate limit becomes `ThrottlingException`. Unexpected errors
 * say nothing of their cause and are reported with the request id, as the problem+json filter
 * does; other 5xx answers (the database away) are logged as warnings.
 */
@Catch()
export class AwsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AWS');

  constructor(@Inject(UNHANDLED_ERROR_REPORTER) private readonly errors: UnhandledErrorReporter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<IncomingMessage>();
    const res = host.switchToHttp().getResponse<ServerResponse>();
    const appError = exception instanceof AppError ? exception : undefined;
    const error = awsErrorOf(exception);
    if (error.status >= 500) {
      const fault = AppError.from(exception);
      const requestId = requestIdOf(req as IdentifiedRequest);
      if (fault.code === ErrorCode.INTERNAL_SERVER_ERROR)
        this.errors.reportError(fault.cause ?? fault, { source: 'http', requestId });
      else this.logger.warn(`${fault.code} (request ${requestId}): ${fault.message}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (appError?.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    sendAwsError(req, res, error);
  }
}
