import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';

/** Random bytes in a refresh token: 256 bits, beyond any guessing. */
const REFRESH_TOKEN_BYTES = 32;

/**
 * A refresh token is stored only as its SHA-256: it is random and long, so a fast hash is enough to
 * make a copy of the table useless for signing in, and lookups stay one index probe.
 */
export function refreshTokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The queries of `refresh_tokens`. Methods take the EntityManager of the caller's transaction. */
@Injectable()
export class RefreshTokensRepository {
  /** Creates a token in a session and returns it: the only time it exists in clear. */
  async issue(manager: EntityManager, sessionId: string, ttlSeconds: number): Promise<string> {
    const token = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    await manager.insert(RefreshTokenEntity, {
      tokenSha256: refreshTokenDigest(token),
      sessionId,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      usedAt: null,
    });
    return token;
  }

  /**
   * The row of a presented token, locked until the caller's transaction ends: of two refreshes
   * with the same token, the second waits for the first and then sees it used.
   */
  findForUpdate(manager: EntityManager, token: string): Promise<RefreshTokenEntity | null> {
    return manager.findOne(RefreshTokenEntity, {
      where: { tokenSha256: refreshTokenDigest(token) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markUsed(manager: EntityManager, row: RefreshTokenEntity): Promise<void> {
    await manager.update(RefreshTokenEntity, { tokenSha256: row.tokenSha256 }, { usedAt: () => 'now()' });
  }
}
