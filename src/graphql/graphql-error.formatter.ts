import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  AppError,
  ErrorCode,
  HTTP_STATUS_BY_CODE,
  INTERNAL_ERROR_MESSAGE,
  type ErrorDetail,
} from '../common/app-error.js';
import { withoutSuggestions } from './graphql.limits.js';

export interface GraphqlErrorFormatOptions {
  /** Development only: production responses never carry a stack trace (docs/design.md §5). */
  readonly exposeStack: boolean;
  readonly requestId?: string;
  /** Drops graphql-js's "Did you mean …?" hints, which spell out the schema (off with introspection). */
  readonly hideSuggestions?: boolean;
}

/** What an error means to a client, and the error to log when it is the server's fault. */
export interface ClassifiedGraphqlError {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  /** Set for INTERNAL_SERVER_ERROR: the error to log (never sent in production). */
  readonly fault?: unknown;
  /** The error thrown by code, whose stack development responses may show. */
  readonly thrown?: Error;
  /** When the client may try again, in seconds (a rate limit, the database down). */
  readonly retryAfterSeconds?: number;
}

/**
 * graphql-js raises errors without a path only about the request itself (its variables, over a
 * socket, where Apollo does not label them): the client's fault. One with a path arose while
 * executing (a null in a non-null field): the server's.
 */
function uncodedErrorCode(error: unknown): ErrorCode {
  return error instanceof GraphQLError && error.path
    ? ErrorCode.INTERNAL_SERVER_ERROR
    : ErrorCode.BAD_USER_INPUT;
}

/**
 * Classifies an error of a GraphQL response. Errors thrown by resolvers go through
 * {@link AppError.from}; errors raised by graphql-js or Apollo about the document or its variables
 * keep their code (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT...). Whatever ends up an
 * INTERNAL_SERVER_ERROR gets a generic message: its own may hold SQL or other internals.
 */
export function classifyGraphqlError(error: unknown): ClassifiedGraphqlError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) {
    const code =
      typeof original.extensions.code === 'string' ? original.extensions.code : uncodedErrorCode(error);
    const { retryAfter } = original.extensions;
    return code === ErrorCode.INTERNAL_SERVER_ERROR
      ? { code, message: INTERNAL_ERROR_MESSAGE, fault: original }
      : {
          code,
          message: original.message,
          ...(typeof retryAfter === 'number' && { retryAfterSeconds: retryAfter }),
        };
  }
  const appError = AppError.from(original);
  const thrown = original instanceof Error ? original : undefined;
  if (appError.code === ErrorCode.INTERNAL_SERVER_ERROR) {
    return { code: appError.code, message: appError.message, fault: appError.cause ?? appError, thrown };
  }
  return {
    code: appError.code,
    message: appError.message,
    details: appError.details,
    thrown,
    retryAfterSeconds: appError.retryAfterSeconds,
  };
}

/**
 * What an error thrown while building an operation's context (authenticating its caller) becomes.
 * Apollo would answer anything but a GraphQLError with a 500 and "Context creation failed: " and
 * the original message, which may hold SQL; this is classified like any other error instead, and
 * carries the HTTP status of its code (401, 503 with `Retry-After`...) and the request id.
 */
export function contextCreationError(error: unknown, requestId: string): GraphQLError {
  const appError = AppError.from(error);
  const retryAfter = appError.retryAfterSeconds;
  const headers = new HeaderMap(retryAfter === undefined ? [] : [['retry-after', String(retryAfter)]]);
  return new GraphQLError(appError.message, {
    // Its stack becomes the GraphQLError's, which is what gets logged for a fault.
    originalError: appError.code === ErrorCode.INTERNAL_SERVER_ERROR ? causeOf(appError) : appError,
    extensions: {
      code: appError.code,
      requestId,
      ...(retryAfter !== undefined && { retryAfter }),
      http: { status: HTTP_STATUS_BY_CODE[appError.code], headers },
    },
  });
}

function causeOf(error: AppError): Error {
  return error.cause instanceof Error ? error.cause : error;
}

/**
 * The one place an error becomes a GraphQL error body: `extensions.code` from the error's
 * classification, `extensions.details` for validation diagnostics, `extensions.requestId`, and
 * `extensions.stacktrace` only when `exposeStack` is on.
 */
export function formatGraphqlError(
  error: unknown,
  options: GraphqlErrorFormatOptions,
): GraphQLFormattedError {
  const { code, message, details, thrown, retryAfterSeconds } = classifyGraphqlError(error);
  const located = error instanceof GraphQLError ? error : undefined;
  return {
    message: options.hideSuggestions ? withoutSuggestions(message) : message,
    ...(located?.locations && { locations: located.locations }),
    ...(located?.path && { path: located.path }),
    extensions: {
      code,
      ...(details && { details }),
      ...(options.requestId && { requestId: options.requestId }),
      ...(retryAfterSeconds !== undefined && { retryAfter: retryAfterSeconds }),
      ...(options.exposeStack && thrown?.stack && { stacktrace: thrown.stack.split('\n') }),
    },
  };
}
