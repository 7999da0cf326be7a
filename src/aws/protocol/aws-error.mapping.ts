import { AppError, ErrorCode } from '../../common/app-error.js';
import { AwsError, AwsErrorCode } from './aws-error.js';

/** AWS's codes for our domain codes, where the action gives no closer one. */
const DEFAULT_CODES: Readonly<Record<ErrorCode, { code: string; status: number }>> = {
  BAD_USER_INPUT: { code: AwsErrorCode.ValidationException, status: 400 },
  UNAUTHENTICATED: { code: AwsErrorCode.UnrecognizedClientException, status: 400 },
  FORBIDDEN: { code: AwsErrorCode.AccessDeniedException, status: 400 },
  NOT_FOUND: { code: 'ResourceNotFound', status: 400 },
  CONFLICT: { code: 'ConflictException', status: 400 },
  PAYLOAD_TOO_LARGE: { code: AwsErrorCode.ValidationException, status: 400 },
  TOO_MANY_REQUESTS: { code: AwsErrorCode.ThrottlingException, status: 400 },
  INTERNAL_SERVER_ERROR: { code: 'InternalFailure', status: 500 },
  SERVICE_UNAVAILABLE: { code: 'ServiceUnavailable', status: 503 },
};

/**
 * What an action means by our domain codes that carry an AWS name of their own, e.g. NOT_FOUND is
 * `StateMachineDoesNotExist` in DescribeStateMachine and `ActivityDoesNotExist` in DescribeActivity.
 */
export type AwsCodesFor = Partial<Record<ErrorCode, string>>;

/**
 * The one mapping of what our services throw (AppError, Nest's HTTP exceptions, anything else
 * through AppError.from) to an AWS error; an AwsError passes unchanged. The message is our
 * service's, which already names what was wrong; unexpected errors keep AppError's neutral text.
 */
export function awsErrorOf(error: unknown, codes: AwsCodesFor = {}): AwsError {
  if (error instanceof AwsError) return error;
  const appError = AppError.from(error);
  const fallback = DEFAULT_CODES[appError.code];
  const specific = codes[appError.code];
  return new AwsError(specific ?? fallback.code, messageOf(appError), specific ? 400 : fallback.status);
}

/** The message and, when there are several problems, each of them: AWS has one message field. */
function messageOf(error: AppError): string {
  const details = error.details ?? [];
  if (details.length <= 1) return error.message;
  return `${error.message}: ${details.map(({ path, message }) => `${path} ${message}`.trim()).join('; ')}`;
}

/** Runs `work`, answering what it throws as {@link awsErrorOf} maps it with the action's `codes`. */
export async function asAws<T>(codes: AwsCodesFor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw awsErrorOf(error, codes);
  }
}
