import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { APP_CONFIG, ConfigError, type AppConfig } from '../config/config.js';
import { DatabaseServerModule } from './database-server.module.js';
import { assertMigrated, migrateDatabase } from './database.migrator.js';
import { dataSourceOptions } from './database.options.js';
import { DATABASE_SERVER, type DatabaseServer } from './database.server.js';

/** Connection attempts at boot, for a database that starts alongside the application. */
const CONNECT_ATTEMPTS = 5;
const CONNECT_RETRY_DELAY_MS = 2000;

/**
 * TypeORM on the process's PostgreSQL, migrated (or, with MIGRATE_ON_BOOT=false, checked to be
 * migrated) before anything else uses it. Feature modules register their entities with
 * `TypeOrmModule.forFeature`.
 */
@Module({
  imports: [
    DatabaseServerModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [DATABASE_SERVER, APP_CONFIG],
      useFactory: (server: DatabaseServer, config: AppConfig) => ({
        // The migrate role has no statement timeout: one migration may rightly take long.
        ...dataSourceOptions(server.url, {
          statementTimeoutMs: config.role === 'migrate' ? undefined : config.databaseStatementTimeoutMs,
        }),
        autoLoadEntities: true,
        retryAttempts: CONNECT_ATTEMPTS,
        retryDelay: CONNECT_RETRY_DELAY_MS,
        // A schema that needs the migrate step stays so: only connecting is worth another try.
        toRetry: (error: unknown) => !(error instanceof ConfigError),
        // Carries the process's choice to the factory below, which applies it under its lock.
        migrationsRun: config.migrateOnBoot || config.role === 'migrate',
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        return options!.migrationsRun ? migrateDatabase(dataSource) : assertMigrated(dataSource);
      },
    }),
  ],
  exports: [DatabaseServerModule],
})
export class DatabaseModule {}
