import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DatabaseServerModule } from './database-server.module.js';
import { migrateDatabase } from './database.migrator.js';
import { dataSourceOptions } from './database.options.js';
import { DATABASE_SERVER, type DatabaseServer } from './database.server.js';

/** Connection attempts at boot, for a database that starts alongside the application. */
const CONNECT_ATTEMPTS = 5;
const CONNECT_RETRY_DELAY_MS = 2000;

/**
 * TypeORM on the process's PostgreSQL, migrated before anything else uses it. Feature modules
 * register their entities with `TypeOrmModule.forFeature`.
 */
@Module({
  imports: [
    DatabaseServerModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [DATABASE_SERVER, APP_CONFIG],
      useFactory: (server: DatabaseServer, config: AppConfig) => ({
        ...dataSourceOptions(server.url, { statementTimeoutMs: config.databaseStatementTimeoutMs }),
        autoLoadEntities: true,
        retryAttempts: CONNECT_ATTEMPTS,
        retryDelay: CONNECT_RETRY_DELAY_MS,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) =>
        migrateDatabase(await new DataSource(options!).initialize()),
    }),
  ],
  exports: [DatabaseServerModule],
})
export class DatabaseModule {}
