import { BadRequestException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { AppError } from '../../src/common/app-error.js';
import {
  classifyGraphqlError,
  contextCreationError,
  formatGraphqlError,
} from '../../src/graphql/graphql-error.formatter.js';

/** What pg raises when PostgreSQL refuses the connection (the server restarting). */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

/** How graphql-js reports an error a resolver threw: located, with the thrown error as originalError. */
function fromResolver(thrown: unknown): GraphQLError {
  return new GraphQLError(thrown instanceof Error ? thrown.message : String(thrown), {
    path: ['stateMachine'],
    originalError: thrown instanceof Error ? thrown : undefined,
  });
}

describe('formatGraphqlError', () => {
  it('sends an AppError as extensions.code with its details and the request id', () => {
    const error = fromResolver(
      AppError.badUserInput('Invalid definition', {
        details: [{ path: '$.StartAt', message: 'names no state' }],
      }),
    );
    expect(formatGraphqlError(error, { exposeStack: false, requestId: 'r1' })).toEqual({
      message: 'Invalid definition',
      path: ['stateMachine'],
      extensions: {
        code: 'BAD_USER_INPUT',
        details: [{ path: '$.StartAt', message: 'names no state' }],
        requestId: 'r1',
      },
    });
  });

  it('maps a Nest validation exception to BAD_USER_INPUT', () => {
    const formatted = formatGraphqlError(fromResolver(new BadRequestException('name must be a string')), {
      exposeStack: false,
    });
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(formatted.message).toBe('name must be a string');
  });

  it('replaces the message of an unexpected error and shows no stack unless asked', () => {
    const error = fromResolver(new Error('duplicate key value violates unique constraint "users_email_key"'));
    expect(formatGraphqlError(error, { exposeStack: false })).toEqual({
      message: 'Internal server error',
      path: ['stateMachine'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('shows the stack of the thrown error when exposeStack is on (development)', () => {
    const formatted = formatGraphqlError(fromResolver(new Error('boom')), { exposeStack: true });
    expect(formatted.extensions!.stacktrace).toEqual(
      expect.arrayContaining([expect.stringContaining('Error: boom')]),
    );
  });

  it('sends a lost database as SERVICE_UNAVAILABLE with retryAfter, never the driver message', () => {
    const error = fromResolver(connectionRefused());
    expect(formatGraphqlError(error, { exposeStack: false, requestId: 'r2' })).toEqual({
      message: 'The database is unavailable; try again shortly.',
      path: ['stateMachine'],
      extensions: { code: 'SERVICE_UNAVAILABLE', requestId: 'r2', retryAfter: 5 },
    });
    expect(classifyGraphqlError(error).fault).toBeUndefined();
  });

  it('keeps the code Apollo gave an error about the request', () => {
    const error = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', {
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    expect(formatGraphqlError(error, { exposeStack: false })).toEqual({
      message: 'Syntax Error: Expected Name, found <EOF>.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });
});

describe('classifyGraphqlError', () => {
  it('treats an uncoded error without a path as a fault of the request: BAD_USER_INPUT', () => {
    const error = new GraphQLError('Variable "$at" got invalid value "soon"');
    expect(classifyGraphqlError(error)).toEqual({ code: 'BAD_USER_INPUT', message: error.message });
  });

  it('treats an uncoded error raised during execution as a server fault, to be logged', () => {
    const error = new GraphQLError('Cannot return null for non-nullable field Query.apiVersion.', {
      path: ['apiVersion'],
    });
    expect(classifyGraphqlError(error)).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
      fault: error,
    });
  });

  it('points at the original error of an unexpected failure as the fault', () => {
    const crash = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(classifyGraphqlError(fromResolver(crash)).fault).toBe(crash);
  });

  it('does not count an AppError as a fault', () => {
    expect(classifyGraphqlError(fromResolver(AppError.notFound('gone'))).fault).toBeUndefined();
  });
});

describe('contextCreationError', () => {
  /** What Apollo makes of the GraphQLError the context function threw: status, headers, body. */
  function answered(error: GraphQLError) {
    const http = error.extensions.http as { status: number; headers: Map<string, string> };
    const { extensions } = formatGraphqlError(error, {
      exposeStack: false,
      requestId: error.extensions.requestId as string,
    });
    return {
      status: http.status,
      headers: Object.fromEntries(http.headers),
      message: error.message,
      extensions,
    };
  }

  it('answers a database outage while authenticating with 503, Retry-After and SERVICE_UNAVAILABLE', () => {
    expect(answered(contextCreationError(connectionRefused(), 'r3'))).toEqual({
      status: 503,
      headers: { 'retry-after': '5' },
      message: 'The database is unavailable; try again shortly.',
      extensions: { code: 'SERVICE_UNAVAILABLE', requestId: 'r3', retryAfter: 5 },
    });
  });

  it('answers a refused credential with 401 and UNAUTHENTICATED', () => {
    expect(
      answered(contextCreationError(AppError.unauthenticated('Invalid or expired access token'), 'r4')),
    ).toEqual({
      status: 401,
      headers: {},
      message: 'Invalid or expired access token',
      extensions: { code: 'UNAUTHENTICATED', requestId: 'r4' },
    });
  });

  it('hides an unexpected error behind a 500, and logs it with its own stack', () => {
    const crash = new TypeError("Cannot read properties of undefined (reading 'headers')");
    const error = contextCreationError(crash, 'r5');
    expect(answered(error)).toMatchObject({
      status: 500,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r5' },
    });
    expect(formatGraphqlError(error, { exposeStack: false }).message).toBe('Internal server error');
    const { fault } = classifyGraphqlError(error);
    expect((fault as Error).stack).toBe(crash.stack);
  });
});
