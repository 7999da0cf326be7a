import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DATABASE_SERVER, openDatabaseServer } from './database.server.js';

/**
 * Provides the {@link DatabaseServer}: resolving it starts the embedded cluster when no
 * `DATABASE_URL` is set, before anything connects. The cluster is detached from the terminal: a
 * Ctrl-C reaches only this process, whose ordered shutdown (AppModule) stops the cluster last,
 * after every connection to it is closed.
 */
@Module({
  providers: [
    {
      provide: DATABASE_SERVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        openDatabaseServer(config, new Logger('EmbeddedPostgres'), { detached: true }),
    },
  ],
  exports: [DATABASE_SERVER],
})
export class DatabaseServerModule {}
