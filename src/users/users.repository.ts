import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, QueryFailedError, type EntityManager } from 'typeorm';
import { Role } from '../identity/role.js';
import { UserEntity } from './user.entity.js';

const UNIQUE_VIOLATION = '23505';

/** Whether a failed insert hit the unique email constraint. */
export function isEmailConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === 'users_email_key';
}

/** Emails are compared trimmed and lowercased: the form the table stores. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
}

/** The queries of `users`. Methods take the EntityManager of the caller's transaction. */
@Injectable()
export class UsersRepository {
  async insert(manager: EntityManager, user: NewUser): Promise<UserEntity> {
    const entity = manager.create(UserEntity, {
      ...user,
      email: normalizeEmail(user.email),
      disabledAt: null,
    });
    await manager.insert(UserEntity, entity);
    return entity;
  }

  findById(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, {
      where: { id },
      ...(options.lock && { lock: { mode: 'pessimistic_write' } }),
    });
  }

  findByEmail(manager: EntityManager, email: string): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { email: normalizeEmail(email) });
  }

  async save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.save(UserEntity, user);
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(UserEntity);
  }

  /** Enabled admins, to keep the last one from being disabled or demoted. */
  countActiveAdmins(manager: EntityManager): Promise<number> {
    return manager.countBy(UserEntity, { role: Role.admin, disabledAt: IsNull() });
  }

  /** One page of users in email order (the unique index is the keyset), and how many there are. */
  async page(
    manager: EntityManager,
    page: { readonly limit: number; readonly afterEmail?: string },
  ): Promise<{ rows: UserEntity[]; totalCount: number }> {
    const [rows, totalCount] = await Promise.all([
      manager.find(UserEntity, {
        where: page.afterEmail === undefined ? {} : { email: MoreThan(page.afterEmail) },
        order: { email: 'ASC' },
        take: page.limit,
      }),
      manager.count(UserEntity),
    ]);
    return { rows, totalCount };
  }
}
