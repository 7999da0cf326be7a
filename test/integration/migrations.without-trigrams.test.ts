import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { executionFilterOf } from '../../src/executions/execution-filter.js';
import { executionFilterSql } from '../../src/executions/execution-filter.sql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * A role that may create tables but not extensions (no CREATE on the database), as on a managed
 * server without contrib: the search migration must still apply, without the trigram index.
 */
describe('migrations where pg_trgm cannot be created', () => {
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  const role = `stepgraph_no_extensions_${randomBytes(4).toString('hex')}`;
  let database: TestDatabase;
  let dataSource: DataSource | undefined;

  async function asSuperuser(url: string, sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    await asSuperuser(process.env.DATABASE_URL!, `CREATE ROLE ${role} LOGIN`);
    await asSuperuser(database.url, `GRANT CREATE, USAGE ON SCHEMA public TO ${role}`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    // A database kept for inspection (a failed test) still holds the role's tables: the role stays too.
    await asSuperuser(process.env.DATABASE_URL!, `DROP ROLE ${role}`).catch(() => undefined);
  });

  it('applies every migration, and a cause search scans instead', async () => {
    const url = new URL(database.url);
    url.username = role;
    dataSource = await new DataSource(dataSourceOptions(url.toString())).initialize();
    await migrateDatabase(dataSource);

    const indexes = await dataSource.query<{ indexname: string }[]>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'executions' AND indexname LIKE 'executions_%_idx'`,
    );
    const names = indexes.map((row) => row.indexname);
    expect(names).toEqual(
      expect.arrayContaining(['executions_input_idx', 'executions_error_started_at_idx']),
    );
    expect(names).not.toContain('executions_cause_trgm_idx');
    expect(await dataSource.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`)).toEqual([]);

    const where = executionFilterSql(executionFilterOf({ causeContains: 'timed out' }));
    expect(
      await dataSource.query(`SELECT count(*)::int AS count FROM executions e ${where}`, where.params),
    ).toEqual([{ count: 0 }]);
  });
});
