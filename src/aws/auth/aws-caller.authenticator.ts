import { Injectable } from '@nestjs/common';
import { Authenticator } from '../../auth/authenticator.js';
import { AppError, ErrorCode } from '../../common/app-error.js';
import type { Principal } from '../../identity/principal.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';

/** A request to the AWS endpoint as its credentials are checked: the body as the bytes sent. */
export interface AwsCallerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * Who calls the AWS endpoint. `Authorization: Bearer <access token or API key>` is checked by the
 * API's own {@link Authenticator}, so a key's role means the same as on GraphQL and REST. A call
 * without credentials, or with credentials that are not valid, is refused the way AWS refuses it.
 */
@Injectable()
export class AwsCallerAuthenticator {
  constructor(private readonly authenticator: Authenticator) {}

  async authenticate(request: AwsCallerRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') {
      throw new AwsError(AwsErrorCode.MissingAuthenticationTokenException, 'Missing Authentication Token');
    }
    try {
      const principal = await this.authenticator.authenticate(authorization);
      if (principal) return principal;
    } catch (error) {
      // Only a refused credential is answered as such; a database outage is a fault and propagates.
      if (!(error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED)) throw error;
    }
    throw new AwsError(
      AwsErrorCode.UnrecognizedClientException,
      'The security token included in the request is invalid.',
    );
  }
}
