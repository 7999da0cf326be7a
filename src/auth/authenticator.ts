import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal, UserPrincipal } from '../identity/principal.js';
import { AppError } from '../common/app-error.js';
import { UserSessionsRepository } from '../users/user-sessions.repository.js';
import { AccessTokenService } from './access-token.service.js';
import { ApiKeysService, type AccessKeyVerdict } from './api-keys.service.js';
import { API_KEY_PREFIX } from '../common/identifiers.js';

/** `Bearer <credentials>`, the scheme matched case-insensitively (RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Turns an `Authorization` value (a header, or graphql-ws's `connectionParams.authorization`) into
 * the caller. No value: anonymous (undefined). Anything else that is not a valid, live credential:
 * UNAUTHENTICATED, with a message that never quotes what was sent.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: UserSessionsRepository,
    private readonly accessTokens: AccessTokenService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(authorization: unknown): Promise<Principal | undefined> {
    if (authorization === undefined || authorization === null || authorization === '') return undefined;
    const credentials =
      typeof authorization === 'string' ? BEARER.exec(authorization.trim())?.[1] : undefined;
    if (!credentials)
      throw AppError.unauthenticated('Authorization must be "Bearer <access token or API key>"');
    if (credentials.startsWith(API_KEY_PREFIX)) return this.apiKeys.authenticate(credentials);
    const claims = await this.accessTokens.verify(credentials);
    const principal = await this.userPrincipal(claims.userId, claims.sessionId, claims.expiresAt);
    if (!principal) throw AppError.unauthenticated('Invalid or expired access token');
    return principal;
  }

  /**
   * A request signed with an API key's access key pair (Signature Version 4, verified by the
   * caller's `matches` with the key's secret): the same principal the key's bearer form gives.
   */
  authenticateSigned(
    accessKeyId: string,
    matches: (secretAccessKey: string) => Promise<boolean>,
  ): Promise<AccessKeyVerdict> {
    return this.apiKeys.verifySigned(accessKeyId, matches);
  }

  /**
   * The principal as it stands now, for a long-lived subscription: null once the token expired, its
   * session was revoked, the user was disabled or the API key revoked; the role as it is today.
   */
  async revalidate(principal: Principal): Promise<Principal | null> {
    if (principal.kind === 'apiKey') return this.apiKeys.revalidate(principal);
    if (principal.expiresAt.getTime() <= Date.now()) return null;
    return this.userPrincipal(principal.id, principal.sessionId, principal.expiresAt);
  }

  /**
   * Checked on every request rather than trusted from the token: a logout, a detected reuse or a
   * disabled account ends access at once, and a role change applies at once.
   */
  private async userPrincipal(
    userId: string,
    sessionId: string,
    expiresAt: Date,
  ): Promise<UserPrincipal | null> {
    const user = await this.sessions.findLiveUser(this.dataSource.manager, sessionId, userId);
    if (!user) return null;
    return { kind: 'user', id: user.id, email: user.email, role: user.role, sessionId, expiresAt };
  }
}
