import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { FirstAdminBootstrap } from './first-admin.bootstrap.js';
import { PasswordHasher } from './password.hasher.js';
import { UserSessionEntity } from './user-session.entity.js';
import { UserSessionsRepository } from './user-sessions.repository.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

/** User accounts and their sessions; the auth module signs them in. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, UserSessionEntity]), AuditModule],
  providers: [
    UsersRepository,
    UserSessionsRepository,
    PasswordHasher,
    UsersService,
    UsersResolver,
    FirstAdminBootstrap,
  ],
  exports: [UsersRepository, UserSessionsRepository, PasswordHasher],
})
export class UsersModule {}
