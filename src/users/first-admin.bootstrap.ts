import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, ConfigError, type AppConfig } from '../config/config.js';
import { developmentAdmin } from './development-admin.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Why a production process with no user and no admin variables refuses to start. */
export const NO_ADMIN_PROBLEM =
  'the database has no user and ADMIN_EMAIL and ADMIN_PASSWORD are not set, so nobody could ever sign in: ' +
  'set ADMIN_EMAIL and ADMIN_PASSWORD (at least 12 characters) to create the first admin at start';

/**
 * Creates the first admin at start when no user exists: from ADMIN_EMAIL and ADMIN_PASSWORD, or, on
 * a development machine with neither set, a generated development admin. In production with
 * neither set, an empty user table refuses the boot (before the server listens) rather than serve
 * an API nobody can sign in to.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) {
      if (await this.users.ensureFirstAdmin(this.config.admin))
        this.logger.log('Created the first admin from ADMIN_EMAIL');
      return;
    }
    if (this.config.isProduction) {
      if ((await this.usersRepository.count(this.dataSource.manager)) === 0)
        throw new ConfigError([NO_ADMIN_PROBLEM]);
      return;
    }
    if (this.config.nodeEnv !== 'development') return;
    const admin = await developmentAdmin(this.config);
    if (await this.users.ensureFirstAdmin(admin)) {
      this.logger.log(
        `No ADMIN_EMAIL is set: created the development admin ${admin.email}; its password is in ${admin.passwordFile}`,
      );
    }
  }
}
