import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { developmentAdmin } from './development-admin.js';
import { UsersService } from './users.service.js';

/**
 * Creates the first admin at start when no user exists: from ADMIN_EMAIL and ADMIN_PASSWORD, or, on
 * a development machine with neither set, a generated development admin.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) {
      if (await this.users.ensureFirstAdmin(this.config.admin))
        this.logger.log('Created the first admin from ADMIN_EMAIL');
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
