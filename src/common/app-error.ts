import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from './database-errors.js';

/**
 * The stable error codes of the public API. GraphQL sends the code itself as `extensions.code`;
 * REST sends it as the problem's `code` with the HTTP status of {@link HTTP_STATUS_BY_CODE}.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one place an error code becomes an HTTP status. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** What clients see instead of the message of an error we did not expect: it may hold internals. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/** What clients see while the database cannot be reached: nothing of the driver's own words. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly.';

/**
 * The `Retry-After` of a SERVICE_UNAVAILABLE, in seconds: a restarted PostgreSQL accepts
 * connections again within seconds, and the pool reconnects on the next request.
 */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** One problem with the input, e.g. a validation diagnostic: `{ path: '$.States.A.Next', message }`. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export interface AppErrorOptions {
  readonly details?: readonly ErrorDetail[];
  /** The underlying error; logged, never sent to clients. */
  readonly cause?: unknown;
  /** When the client may try again, in seconds: sent as `Retry-After` and `extensions.retryAfter`. */
  readonly retryAfterSeconds?: number;
}

/**
 * The one error family outside `src/asl`. Its message is meant for the client; internals belong in
 * `cause`, which is logged but never sent.
 */
export class AppError extends Error {
  readonly details: readonly ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static badUserInput(message: string, options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, options);
  }

  static unauthenticated(message = 'Authentication required', options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message, options);
  }

  static forbidden(message = 'Not allowed', options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message, options);
  }

  /** Also for "exists but you may not see it": existence must not leak (docs/design.md §8). */
  static notFound(message: string, options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.NOT_FOUND, message, options);
  }

  static conflict(message: string, options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.CONFLICT, message, options);
  }

  static payloadTooLarge(message: string, options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, message, options);
  }

  static tooManyRequests(message = 'Too many requests', options?: AppErrorOptions): AppError {
    return new AppError(ErrorCode.TOO_MANY_REQUESTS, message, options);
  }

  static internal(cause?: unknown): AppError {
    return new AppError(ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE, { cause });
  }

  /** A passing condition of the server (the database down, a full queue): the client may retry. */
  static serviceUnavailable(message = DATABASE_UNAVAILABLE_MESSAGE, options: AppErrorOptions = {}): AppError {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message, {
      retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
      ...options,
    });
  }

  /**
   * Coerces anything thrown into an AppError, once, at the edge: Nest's HTTP exceptions (including
   * body-parser failures, which Nest maps to them) keep their meaning; a lost or refused database
   * connection becomes SERVICE_UNAVAILABLE (docs/testing.md R3); anything else becomes an
   * INTERNAL_SERVER_ERROR. Either hides the original's message, kept as `cause`.
   */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof HttpException) return fromHttpException(error);
    if (isDatabaseUnavailable(error)) return AppError.serviceUnavailable(undefined, { cause: error });
    return AppError.internal(error);
  }
}

function fromHttpException(exception: HttpException): AppError {
  const status = exception.getStatus();
  if (status >= 500) return AppError.internal(exception);
  const code = codeForClientStatus(status);
  const messages = responseMessages(exception.getResponse());
  const details = messages.length > 1 ? messages.map((message) => ({ path: '', message })) : undefined;
  return new AppError(code, messages.length === 1 ? messages[0]! : exception.message, {
    details,
    cause: exception,
  });
}

function codeForClientStatus(status: number): ErrorCode {
  const entry = Object.entries(HTTP_STATUS_BY_CODE).find(([, codeStatus]) => codeStatus === status);
  // Other 4xx (405, 415, 422...) are all the client's input being wrong.
  return entry ? (entry[0] as ErrorCode) : ErrorCode.BAD_USER_INPUT;
}

/** Nest's exceptions carry `{ message: string | string[] }`; the array form is a list of problems. */
function responseMessages(response: string | object): string[] {
  if (typeof response === 'string') return [response];
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return [message];
  if (Array.isArray(message)) return message.filter((item): item is string => typeof item === 'string');
  return [];
}
