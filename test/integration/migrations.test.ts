import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('migrations', () => {
  // TypeORM reports through Nest's logger, which prints every level outside the application.
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  let database: TestDatabase;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database?.drop();
  });

  it('lists every migration file of the folder, oldest first', () => {
    const files = readdirSync(join(__dirname, '../../migrations')).filter((file) =>
      /^\d{13}-\w+\.ts$/.test(file),
    );
    const expected = files.sort().map((file) => {
      const [, timestamp, name] = /^(\d{13})-(\w+)\.ts$/.exec(file)!;
      return `${name}${timestamp}`;
    });
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(expected);
  });

  it('applies each migration once when processes boot together', async () => {
    const connect = async () => {
      const dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
      dataSources.push(dataSource);
      return dataSource;
    };
    const [first, second] = await Promise.all([connect(), connect()]);
    await Promise.all([migrateDatabase(first), migrateDatabase(second)]);
    const applied = await first.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(synchronizeIsOff(first) && synchronizeIsOff(second)).toBe(true);
  });
});

function synchronizeIsOff(dataSource: DataSource): boolean {
  return dataSource.options.synchronize === false;
}
