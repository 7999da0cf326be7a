import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { Role } from '../identity/role.js';
import { UserSessionEntity, type SessionRevocationReason } from './user-session.entity.js';
import { UserEntity } from './user.entity.js';

/** A user as an access token's session sees them: revoked sessions and disabled users sign nobody in. */
export interface SessionHolder {
  readonly user: UserEntity;
  readonly session: UserSessionEntity;
}

/** The user behind a live session, as every authenticated request needs it. */
export interface LiveSessionUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

/** The queries of `auth_sessions`. Methods take the EntityManager of the caller's transaction. */
@Injectable()
export class UserSessionsRepository {
  async start(manager: EntityManager, userId: string): Promise<UserSessionEntity> {
    const session = manager.create(UserSessionEntity, { userId, revokedAt: null, revokedReason: null });
    await manager.insert(UserSessionEntity, session);
    return session;
  }

  /** The session and its user, whatever their state; the caller decides what a revoked one means. */
  async findHolder(manager: EntityManager, sessionId: string, userId: string): Promise<SessionHolder | null> {
    const session = await manager.findOneBy(UserSessionEntity, { id: sessionId, userId });
    if (!session) return null;
    const user = await manager.findOneBy(UserEntity, { id: userId });
    return user ? { user, session } : null;
  }

  /**
   * The user of `sessionId` while the session is not revoked and the user not disabled; null
   * otherwise. One round trip, without the entity layer: every authenticated request asks it.
   */
  async findLiveUser(
    manager: EntityManager,
    sessionId: string,
    userId: string,
  ): Promise<LiveSessionUser | null> {
    const rows = await manager.query<LiveSessionUser[]>(
      `SELECT u.id, u.email, u.role FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.disabled_at IS NULL`,
      [sessionId, userId],
    );
    return rows[0] ?? null;
  }

  /** A session and its user, by the session alone (a refresh token knows only its session). */
  async findHolderOfSession(manager: EntityManager, sessionId: string): Promise<SessionHolder | null> {
    const session = await manager.findOneBy(UserSessionEntity, { id: sessionId });
    return session ? this.findHolder(manager, session.id, session.userId) : null;
  }

  /** Revokes one live session; false when it was already revoked (or never existed). */
  async revoke(manager: EntityManager, sessionId: string, reason: SessionRevocationReason): Promise<boolean> {
    const result = await manager.update(
      UserSessionEntity,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live session of a user; returns how many there were. */
  async revokeAllOf(
    manager: EntityManager,
    userId: string,
    reason: SessionRevocationReason,
  ): Promise<number> {
    const result = await manager.update(
      UserSessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedReason: reason },
    );
    return result.affected ?? 0;
  }
}
