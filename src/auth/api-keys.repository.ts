import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, type EntityManager } from 'typeorm';
import type { Role } from '../identity/role.js';
import { ApiKeyEntity } from './api-key.entity.js';

/** The queries of `api_keys`. */
@Injectable()
export class ApiKeysRepository {
  async insert(
    manager: EntityManager,
    key: {
      name: string;
      role: Role;
      keyHmac: Buffer;
      accessKeyId: string;
      secretAccessKeyEncrypted: Buffer;
      createdBy: string | null;
    },
  ): Promise<ApiKeyEntity> {
    const entity = manager.create(ApiKeyEntity, { ...key, lastUsedAt: null, revokedAt: null });
    await manager.insert(ApiKeyEntity, entity);
    return entity;
  }

  /** A live (not revoked) key by its HMAC. */
  findLiveByHmac(manager: EntityManager, keyHmac: Buffer): Promise<ApiKeyEntity | null> {
    return manager.findOneBy(ApiKeyEntity, { keyHmac, revokedAt: IsNull() });
  }

  /** A live (not revoked) key by its access key id. */
  findLiveByAccessKeyId(manager: EntityManager, accessKeyId: string): Promise<ApiKeyEntity | null> {
    return manager.findOneBy(ApiKeyEntity, { accessKeyId, revokedAt: IsNull() });
  }

  findLiveById(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return manager.findOneBy(ApiKeyEntity, { id, revokedAt: IsNull() });
  }

  /** Live keys, newest first. */
  listLive(manager: EntityManager): Promise<ApiKeyEntity[]> {
    return manager.find(ApiKeyEntity, { where: { revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async revoke(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.update(
      ApiKeyEntity,
      { id, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Sets `last_used_at` unless another instance set it within `minIntervalMs`. */
  async touch(manager: EntityManager, id: string, minIntervalMs: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ lastUsedAt: () => 'now()' })
      .where({ id })
      .andWhere([{ lastUsedAt: IsNull() }, { lastUsedAt: LessThan(new Date(Date.now() - minIntervalMs)) }])
      .execute();
  }
}
