import { STATUS_CODES } from 'node:http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, HTTP_STATUS_BY_CODE, type AppError, type ErrorDetail } from '../common/app-error.js';

/** The media type of every REST error (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

class ProblemDetailsError implements ErrorDetail {
  @ApiProperty({ example: 'definition.States.Check.Choices[1].Next' })
  path!: string;

  @ApiProperty({ example: 'names no state' })
  message!: string;
}

/** An RFC 9457 problem, plus our stable `code`, the `requestId` and validation `errors`. */
export class ProblemDetails {
  @ApiProperty({ description: 'Always about:blank: `code` identifies the problem.', example: 'about:blank' })
  type!: string;

  @ApiProperty({ description: 'The HTTP status text.', example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'State machine 1f0c... not found' })
  detail!: string;

  @ApiProperty({ description: 'The path of the request.', example: '/api/v1/state-machines/1f0c...' })
  instance!: string;

  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.NOT_FOUND })
  code!: ErrorCode;

  @ApiProperty({ description: 'Also in the X-Request-Id header and in the server log.' })
  requestId!: string;

  @ApiPropertyOptional({ type: [ProblemDetailsError], description: 'Each problem of invalid input.' })
  errors?: readonly ErrorDetail[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Development only: where an unexpected error came from.',
  })
  stacktrace?: string[];
}

export interface ProblemContext {
  /** The request path, without its query string (which may carry secrets). */
  readonly instance: string;
  readonly requestId: string;
  readonly stack?: string;
}

/** The one place an AppError becomes an HTTP status and a problem body. */
export function problemDetailsOf(error: AppError, context: ProblemContext): ProblemDetails {
  const status = HTTP_STATUS_BY_CODE[error.code];
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: error.message,
    instance: context.instance,
    code: error.code,
    requestId: context.requestId,
    ...(error.details && { errors: error.details }),
    ...(context.stack && { stacktrace: context.stack.split('\n') }),
  };
}
