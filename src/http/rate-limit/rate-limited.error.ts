import { AppError, ErrorCode } from '../../common/app-error.js';

/**
 * TOO_MANY_REQUESTS with the wait the client must respect: REST and GraphQL over HTTP send it as
 * `Retry-After` (seconds), GraphQL also as `extensions.retryAfter`.
 */
export class RateLimitedError extends AppError {
  declare readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterMs: number) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, {
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    });
  }
}
