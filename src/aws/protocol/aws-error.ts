/** The media type of the AWS JSON 1.0 protocol, requests and answers alike. */
export const AWS_JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * An error as AWS's JSON protocol answers it: `{"__type": code, "message": message}` with `status`.
 * The SDK reads `__type` to raise its typed exception (`StateMachineDoesNotExist`, …), so `code` is
 * exactly AWS's name; AWS answers its client errors with 400.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsError';
  }

  /** The body AWS sends. */
  body(): { __type: string; message: string } {
    return { __type: this.code, message: this.message };
  }
}

/** AWS's codes used in more than one place. */
export const AwsErrorCode = {
  ValidationException: 'ValidationException',
  SerializationException: 'SerializationException',
  UnknownOperationException: 'UnknownOperationException',
  AccessDeniedException: 'AccessDeniedException',
  ThrottlingException: 'ThrottlingException',
  UnrecognizedClientException: 'UnrecognizedClientException',
  MissingAuthenticationTokenException: 'MissingAuthenticationTokenException',
  IncompleteSignatureException: 'IncompleteSignatureException',
  InvalidSignatureException: 'InvalidSignatureException',
  InvalidArn: 'InvalidArn',
  InvalidName: 'InvalidName',
  InvalidDefinition: 'InvalidDefinition',
  StateMachineDoesNotExist: 'StateMachineDoesNotExist',
  StateMachineAlreadyExists: 'StateMachineAlreadyExists',
  ActivityDoesNotExist: 'ActivityDoesNotExist',
  InvalidToken: 'InvalidToken',
  TaskDoesNotExist: 'TaskDoesNotExist',
  TaskTimedOut: 'TaskTimedOut',
  ExecutionDoesNotExist: 'ExecutionDoesNotExist',
  ExecutionAlreadyExists: 'ExecutionAlreadyExists',
  InvalidExecutionInput: 'InvalidExecutionInput',
  ExecutionNotRedrivable: 'ExecutionNotRedrivable',
} as const;
