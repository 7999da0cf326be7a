import { Inject, Injectable } from '@nestjs/common';
import { Authenticator } from '../../auth/authenticator.js';
import { AppError, ErrorCode } from '../../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { Principal } from '../../identity/principal.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { isSigV4 } from './sigv4.authorization.js';
import { SigV4Verifier } from './sigv4.verifier.js';

/** A request to the AWS endpoint as its credentials are checked: the body as the bytes sent. */
export interface AwsCallerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * Who calls the AWS endpoint. A request signed with an API key's access key pair (Signature
 * Version 4, as every AWS SDK and the AWS CLI sign) is verified by {@link SigV4Verifier}; an
 * `Authorization: Bearer <access token or API key>` is checked by the API's own
 * {@link Authenticator}. Either way the principal is the one the Authenticator builds, so a key's
 * role means the same as on GraphQL and REST. A call without credentials, or with credentials that
 * are not valid, is refused the way AWS refuses it.
 */
@Injectable()
export class AwsCallerAuthenticator {
  private readonly sigV4: SigV4Verifier;

  constructor(
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sigV4 = new SigV4Verifier(
      (accessKeyId, matches) => authenticator.authenticateSigned(accessKeyId, matches),
      { region: config.aws.region },
    );
  }

  async authenticate(request: AwsCallerRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization === undefined || authorization === '') {
      throw new AwsError(AwsErrorCode.MissingAuthenticationTokenException, 'Missing Authentication Token');
    }
    if (typeof authorization === 'string' && isSigV4(authorization)) {
      const verified = await this.sigV4.verify(request, authorization);
      if ('refusal' in verified) {
        const { code, message, status } = verified.refusal;
        throw new AwsError(code, message, status);
      }
      return verified.principal;
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
