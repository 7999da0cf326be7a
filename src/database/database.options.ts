import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { connectionTimeouts } from './database.client.js';
import { DatabaseLogger } from './database.logger.js';

/** Queries slower than this are logged as warnings. */
export const SLOW_QUERY_MS = 1000;

/**
 * TypeORM options for one PostgreSQL URL (with no statement timeout for the migrate role: a
 * migration may take long). The schema only ever changes through reviewed migrations:
 * `synchronize` is off everywhere, tests included.
 */
export function dataSourceOptions(
  url: string,
  options: { readonly statementTimeoutMs?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    applicationName: 'stepgraph',
    synchronize: false,
    migrations: MIGRATIONS,
    // Run by migrateDatabase() under an advisory lock, not by TypeORM at connect (see there).
    migrationsRun: false,
    logger: new DatabaseLogger(),
    maxQueryExecutionTime: SLOW_QUERY_MS,
    ...(options.statementTimeoutMs === undefined
      ? {}
      : { extra: connectionTimeouts(options.statementTimeoutMs) }),
  };
}
