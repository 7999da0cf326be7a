import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { RequestOrigin } from '../common/request-origin.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RateLimitedError } from '../http/rate-limit/rate-limited.error.js';
import { userOf } from '../users/models/user.model.js';
import { PasswordHasher } from '../users/password.hasher.js';
import type { UserEntity } from '../users/user.entity.js';
import { UserSessionsRepository } from '../users/user-sessions.repository.js';
import { normalizeEmail, UsersRepository } from '../users/users.repository.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthLimiter } from './auth.limiter.js';
import type { AuthPayload } from './models/auth-payload.model.js';
import { refreshTokenDigest, RefreshTokensRepository } from './refresh-tokens.repository.js';

const BAD_CREDENTIALS = 'Invalid email or password';
const BAD_REFRESH_TOKEN = 'Invalid, expired or revoked refresh token';

/** What a refresh found, decided inside the transaction and acted on after it. */
type RefreshOutcome =
  | { readonly kind: 'rotated'; readonly payload: AuthPayload }
  | { readonly kind: 'refused'; readonly userId?: string; readonly reason: string }
  | { readonly kind: 'reused'; readonly userId: string; readonly sessionId: string };

/**
 * Login, refresh and logout (docs/security.md). Each writes its own audit row, in the transaction of
 * the change when there is one. Refresh tokens rotate: each works once; presenting a used one
 * revokes its whole session. Of two refreshes racing with one token, the second is that reuse.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: UserSessionsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly accessTokens: AccessTokenService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AuthLimiter,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, origin: RequestOrigin): Promise<AuthPayload> {
    const attempt = { account: `email:${normalizeEmail(email)}`, ip: origin.ip };
    const details = { email: normalizeEmail(email) };
    await this.admitted(attempt, 'auth.login', origin, details);
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    // Unknown and disabled accounts cost one verification too: the answer time tells nothing.
    const valid =
      user && user.disabledAt === null
        ? await this.hasher.verify(user.passwordHash, password)
        : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      await this.limiter.failed(attempt);
      await this.audit.record({
        actor: undefined,
        operation: 'auth.login',
        outcome: 'failed',
        errorCode: 'UNAUTHENTICATED',
        origin,
        details,
      });
      throw AppError.unauthenticated(BAD_CREDENTIALS);
    }
    await this.limiter.succeeded(attempt);
    return this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.start(manager, user.id);
      await this.audit.record(
        {
          actor: { kind: 'user', id: user.id },
          operation: 'auth.login',
          targetIds: [session.id],
          outcome: 'success',
          origin,
        },
        manager,
      );
      return this.issue(manager, user, session.id);
    });
  }

  async refresh(refreshToken: string, origin: RequestOrigin): Promise<AuthPayload> {
    const attempt = { account: `refresh:${refreshTokenDigest(refreshToken).toString('hex')}`, ip: origin.ip };
    await this.admitted(attempt, 'auth.refresh', origin);
    const outcome = await this.dataSource.transaction((manager) =>
      this.rotate(manager, refreshToken, origin),
    );
    if (outcome.kind === 'rotated') return outcome.payload;
    await this.limiter.failed(attempt);
    if (outcome.kind === 'reused') {
      throw AppError.unauthenticated('This refresh token was already used: its session has been revoked');
    }
    await this.audit.record({
      actor: undefined,
      operation: 'auth.refresh',
      targetIds: outcome.userId ? [outcome.userId] : [],
      outcome: 'failed',
      errorCode: 'UNAUTHENTICATED',
      origin,
      details: { reason: outcome.reason },
    });
    throw AppError.unauthenticated(BAD_REFRESH_TOKEN);
  }

  /** Revokes the session of a refresh token. Answers true whatever the token: logout reveals nothing. */
  async logout(refreshToken: string, origin: RequestOrigin): Promise<boolean> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.refreshTokens.findForUpdate(manager, refreshToken);
      if (!row) return;
      if (!(await this.sessions.revoke(manager, row.sessionId, 'logout'))) return;
      await this.audit.record(
        {
          actor: undefined,
          operation: 'auth.logout',
          targetIds: [row.sessionId],
          outcome: 'success',
          origin,
        },
        manager,
      );
    });
    return true;
  }

  /**
   * One refresh, under the token row's lock. A reuse revokes the session and is audited inside
   * this transaction, which commits: the revocation must stand although the caller gets an error.
   */
  private async rotate(
    manager: EntityManager,
    token: string,
    origin: RequestOrigin,
  ): Promise<RefreshOutcome> {
    const row = await this.refreshTokens.findForUpdate(manager, token);
    if (!row) return { kind: 'refused', reason: 'unknown' };
    const holder = await this.sessions.findHolderOfSession(manager, row.sessionId);
    if (!holder) return { kind: 'refused', reason: 'unknown' };
    const { user, session } = holder;
    if (session.revokedAt) return { kind: 'refused', userId: user.id, reason: 'session revoked' };
    if (row.usedAt) {
      await this.sessions.revoke(manager, session.id, 'refresh_token_reuse');
      await this.audit.record(
        {
          actor: undefined,
          operation: 'auth.refreshTokenReuse',
          targetIds: [user.id, session.id],
          outcome: 'denied',
          errorCode: 'UNAUTHENTICATED',
          origin,
          details: { reason: 'refresh_token_reuse', revokedSession: session.id },
        },
        manager,
      );
      return { kind: 'reused', userId: user.id, sessionId: session.id };
    }
    if (row.expiresAt.getTime() <= Date.now()) return { kind: 'refused', userId: user.id, reason: 'expired' };
    if (user.disabledAt) return { kind: 'refused', userId: user.id, reason: 'user disabled' };
    await this.refreshTokens.markUsed(manager, row);
    await this.audit.record(
      {
        actor: { kind: 'user', id: user.id },
        operation: 'auth.refresh',
        targetIds: [session.id],
        outcome: 'success',
        origin,
      },
      manager,
    );
    return { kind: 'rotated', payload: await this.issue(manager, user, session.id) };
  }

  private async issue(manager: EntityManager, user: UserEntity, sessionId: string): Promise<AuthPayload> {
    const refreshToken = await this.refreshTokens.issue(
      manager,
      sessionId,
      this.config.auth.refreshTokenTtlSeconds,
    );
    const access = await this.accessTokens.sign(user.id, sessionId);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      user: userOf(user),
    };
  }

  /** Lets the attempt through the limiter, or audits the refusal and rethrows it. */
  private async admitted(
    attempt: { account: string; ip: string | undefined },
    operation: string,
    origin: RequestOrigin,
    details?: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.limiter.admit(attempt);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        await this.audit.record({
          actor: undefined,
          operation,
          outcome: 'denied',
          errorCode: error.code,
          origin,
          details,
        });
      }
      throw error;
    }
  }
}
