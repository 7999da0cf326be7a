import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AppError, ErrorCode, HTTP_STATUS_BY_CODE } from '../../src/common/app-error.js';

describe('AppError', () => {
  it('carries a stable code, a client message, details and a cause', () => {
    const cause = new Error('duplicate key value violates unique constraint');
    const error = AppError.conflict('A state machine named "orders" exists', {
      details: [{ path: 'name', message: 'is taken' }],
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('A state machine named "orders" exists');
    expect(error.details).toEqual([{ path: 'name', message: 'is taken' }]);
    expect(error.cause).toBe(cause);
  });

  it.each([
    [AppError.badUserInput('x'), 'BAD_USER_INPUT'],
    [AppError.unauthenticated(), 'UNAUTHENTICATED'],
    [AppError.forbidden(), 'FORBIDDEN'],
    [AppError.notFound('x'), 'NOT_FOUND'],
    [AppError.conflict('x'), 'CONFLICT'],
    [AppError.payloadTooLarge('x'), 'PAYLOAD_TOO_LARGE'],
    [AppError.tooManyRequests(), 'TOO_MANY_REQUESTS'],
    [AppError.internal(), 'INTERNAL_SERVER_ERROR'],
    [AppError.serviceUnavailable(), 'SERVICE_UNAVAILABLE'],
  ])('has a convenience constructor for %s', (error, code) => {
    expect(error.code).toBe(code);
  });

  it('gives every code an HTTP status', () => {
    expect(HTTP_STATUS_BY_CODE).toEqual({
      BAD_USER_INPUT: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      TOO_MANY_REQUESTS: 429,
      INTERNAL_SERVER_ERROR: 500,
      SERVICE_UNAVAILABLE: 503,
    });
  });

  describe('from', () => {
    it('returns an AppError as it is', () => {
      const error = AppError.notFound('gone');
      expect(AppError.from(error)).toBe(error);
    });

    it.each([
      [new BadRequestException('bad'), ErrorCode.BAD_USER_INPUT],
      [new UnauthorizedException(), ErrorCode.UNAUTHENTICATED],
      [new ForbiddenException(), ErrorCode.FORBIDDEN],
      [new NotFoundException('Cannot GET /x'), ErrorCode.NOT_FOUND],
      [new ConflictException(), ErrorCode.CONFLICT],
      [new PayloadTooLargeException(), ErrorCode.PAYLOAD_TOO_LARGE],
      [new HttpException('slow down', 429), ErrorCode.TOO_MANY_REQUESTS],
      [new UnprocessableEntityException(), ErrorCode.BAD_USER_INPUT],
      [new HttpException('Method Not Allowed', 405), ErrorCode.BAD_USER_INPUT],
    ])('maps Nest HTTP exception %p to %s', (exception, code) => {
      const error = AppError.from(exception);
      expect(error.code).toBe(code);
      expect(error.cause).toBe(exception);
    });

    it("keeps a Nest exception's message and turns its message list into details", () => {
      expect(AppError.from(new NotFoundException('Cannot GET /x')).message).toBe('Cannot GET /x');
      const listed = AppError.from(
        new BadRequestException(['name must be a string', 'count must be an integer']),
      );
      expect(listed.details).toEqual([
        { path: '', message: 'name must be a string' },
        { path: '', message: 'count must be an integer' },
      ]);
    });

    it('hides anything else, and 5xx exceptions, behind INTERNAL_SERVER_ERROR and keeps it as the cause', () => {
      const crash = new Error('connect ECONNREFUSED 10.0.0.5:5432');
      const error = AppError.from(crash);
      expect(error).toMatchObject({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
        cause: crash,
      });
      expect(AppError.from('a string').code).toBe('INTERNAL_SERVER_ERROR');
      const server = AppError.from(new InternalServerErrorException('pool exhausted'));
      expect(server).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    });

    it('turns a lost database into SERVICE_UNAVAILABLE with a retry delay, hiding the driver message', () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
      const error = AppError.from(refused);
      expect(error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is unavailable; try again shortly.',
        retryAfterSeconds: 5,
        cause: refused,
      });
    });
  });
});
