import { MigrationExecutor, type DataSource } from 'typeorm';
import { ConfigError } from '../config/config.js';

/** Key of the session advisory lock that serialises migration runs across processes. */
const MIGRATION_LOCK_KEY = 'stepgraph.migrations';

/**
 * Applies pending migrations, each in its own transaction. Processes that boot together (N API
 * and M engine processes, docs/design.md §2) would otherwise race through the same migrations: TypeORM
 * takes no lock of its own. The first one migrates; the others wait, then find nothing to do.
 */
export async function migrateDatabase(dataSource: DataSource): Promise<DataSource> {
  await underMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  return dataSource;
}

/**
 * For a process that must not migrate (MIGRATE_ON_BOOT=false): refuses to run on a schema with
 * pending migrations, which this code would misread. Under the same lock, so that a process started
 * while the deploy's migrate step runs waits for it instead of failing.
 */
export async function assertMigrated(dataSource: DataSource): Promise<DataSource> {
  const pending = await underMigrationLock(dataSource, () =>
    new MigrationExecutor(dataSource).getPendingMigrations(),
  );
  if (pending.length > 0) {
    throw new ConfigError([
      `MIGRATE_ON_BOOT=false and the database lacks ${pending.length} migration(s) of this version ` +
        `(first: ${pending[0]!.name}): run STEPGRAPH_ROLE=migrate first`,
    ]);
  }
  return dataSource;
}

async function underMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
