import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DATABASE_SERVER, openDatabaseServer } from './database.server.js';

/**
 * Provides the {@link DatabaseServer}: resolving it starts the embedded cluster when no
 * `DATABASE_URL` is set, before anything connects. Stopping it is part of the ordered shutdown in
 * AppModule.
 */
@Module({
  providers: [
    {
      provide: DATABASE_SERVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabaseServer(config, new Logger('EmbeddedPostgres')),
    },
  ],
  exports: [DATABASE_SERVER],
})
export class DatabaseServerModule {}
