import type { DataSource } from 'typeorm';

/** Key of the session advisory lock that serialises migration runs across processes. */
const MIGRATION_LOCK_KEY = 'stepgraph.migrations';

/**
 * Applies pending migrations, each in its own transaction. Processes that boot together (N API
 * and M engine processes, docs/design.md §2) would otherwise race through the same migrations: TypeORM
 * takes no lock of its own. The first one migrates; the others wait, then find nothing to do.
 */
export async function migrateDatabase(dataSource: DataSource): Promise<DataSource> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
