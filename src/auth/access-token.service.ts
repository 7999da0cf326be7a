import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { JWT_SECRET, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.constants.js';

/** What an access token says: whose it is and which session (refresh-token family) issued it. */
export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly expiresAt: Date;
}

interface AccessPayload {
  sub: string;
  sid: string;
  exp: number;
}

/**
 * Signs and verifies access JWTs: HS256 only (the verifier is told so, which refuses `alg: none`,
 * RS256-with-the-secret-as-key and the rest), with issuer and audience checked and a short life.
 */
@Injectable()
export class AccessTokenService {
  private readonly jwt: JwtService;

  constructor(
    @Inject(JWT_SECRET) secret: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The secret as a KeyObject, made once: given a string, jsonwebtoken tries it as a PEM public
    // key on every call and builds the secret key only after that throws, which cost more than the
    // rest of a request's authentication.
    const key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.jwt = new JwtService({ secretOrKeyProvider: () => key });
  }

  async sign(userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = await this.jwt.signAsync(
      { sid: sessionId },
      {
        algorithm: TOKEN_ALGORITHM,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        subject: userId,
        expiresIn: this.config.auth.accessTokenTtlSeconds,
      },
    );
    const { exp } = this.jwt.decode<AccessPayload>(token);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid token; UNAUTHENTICATED for anything else, without saying more. */
  async verify(token: string): Promise<AccessClaims> {
    let payload: AccessPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessPayload>(token, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch (error) {
      // jsonwebtoken's messages name the problem (expired, bad signature) but never quote the token.
      throw AppError.unauthenticated('Invalid or expired access token', { cause: error });
    }
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.exp !== 'number'
    ) {
      throw AppError.unauthenticated('Invalid or expired access token');
    }
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
  }
}
