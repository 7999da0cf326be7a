import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { Role } from '../identity/role.js';
import { AppError } from '../common/app-error.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import type { UpdateUserInput } from './dto/update-user.input.js';
import { userOf, type User } from './models/user.model.js';
import { PasswordHasher } from './password.hasher.js';
import { UserSessionsRepository } from './user-sessions.repository.js';
import { isEmailConflict, UsersRepository } from './users.repository.js';

/** Serialises changes that could leave no enabled admin, and the first-admin check at boot. */
const ADMINS_LOCK_KEY = 'stepgraph.users.admins';

const EMAIL_KEYSET = { email: 'string' } as const;

/** User accounts: create, change, list; the first admin at boot. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: UserSessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /** Creates a user; `act` is recorded in the same transaction. */
  async create(input: CreateUserInput, act?: AuditedAct): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const entity = await this.users.insert(manager, {
          email: input.email,
          passwordHash,
          role: input.role,
        });
        await this.audit.recordAct(manager, act, [entity.id]);
        return userOf(entity);
      });
    } catch (error) {
      if (isEmailConflict(error)) throw AppError.conflict('A user with this email already exists');
      throw error;
    }
  }

  /**
   * Changes a user's role or disables them. Disabling revokes every session in the same
   * transaction, and so is `act` recorded. The last enabled admin can be neither disabled nor
   * demoted: nobody could undo it.
   */
  update(id: string, input: UpdateUserInput, act?: AuditedAct): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMINS_LOCK_KEY]);
      const user = await this.users.findById(manager, id, { lock: true });
      if (!user) throw AppError.notFound(`User ${id} not found`);
      const wasActiveAdmin = user.role === Role.admin && user.disabledAt === null;
      if (input.role) user.role = input.role;
      const disabling = input.disabled === true && user.disabledAt === null;
      if (input.disabled === true) user.disabledAt ??= new Date();
      if (input.disabled === false) user.disabledAt = null;
      const staysActiveAdmin = user.role === Role.admin && user.disabledAt === null;
      if (wasActiveAdmin && !staysActiveAdmin && (await this.users.countActiveAdmins(manager)) <= 1) {
        throw AppError.conflict('This is the last enabled admin: make another user admin first');
      }
      await this.users.save(manager, user);
      if (disabling) await this.revokeSessions(manager, user.id, act);
      await this.audit.recordAct(manager, act, [user.id]);
      return userOf(user);
    });
  }

  async findById(id: string): Promise<User> {
    const user = await this.users.findById(this.dataSource.manager, id);
    if (!user) throw AppError.notFound(`User ${id} not found`);
    return userOf(user);
  }

  async page(first: number, after?: string | null): Promise<ConnectionPage<User>> {
    const afterEmail = after ? decodeCursor(after, EMAIL_KEYSET).email : undefined;
    const { rows, totalCount } = await this.users.page(this.dataSource.manager, {
      limit: first + 1,
      afterEmail,
    });
    return connectionFromRows({
      rows: rows.map(userOf),
      first,
      totalCount,
      cursorOf: (user) => encodeCursor({ email: user.email }),
    });
  }

  /**
   * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no user at all. Safe
   * when several processes boot at once: the check and the insert run under one lock.
   */
  async ensureFirstAdmin(admin: { email: string; password: string }): Promise<boolean> {
    const passwordHash = await this.hasher.hash(admin.password);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMINS_LOCK_KEY]);
      if ((await this.users.count(manager)) > 0) return false;
      const user = await this.users.insert(manager, { email: admin.email, passwordHash, role: Role.admin });
      await this.audit.record(
        { actor: undefined, operation: 'users.firstAdmin', targetIds: [user.id], outcome: 'success' },
        manager,
      );
      return true;
    });
    return created;
  }

  private async revokeSessions(manager: EntityManager, userId: string, act?: AuditedAct): Promise<void> {
    const count = await this.sessions.revokeAllOf(manager, userId, 'user_disabled');
    await this.audit.record(
      {
        actor: act?.draft.actor,
        ...(act?.draft.origin && { origin: act.draft.origin }),
        operation: 'auth.sessionsRevoked',
        targetIds: [userId],
        outcome: 'success',
        details: { reason: 'user_disabled', sessions: count },
      },
      manager,
    );
  }
}
