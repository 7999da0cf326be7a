import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * docs/data-model.md against the migrations: every table they leave in the public schema has a
 * heading or a row in the document, and every table the document names exists. Partitions (the
 * weekly `*_wYYYYMMDD` ones and the `*_legacy` ones) are described with their parents.
 */
const DOCUMENT = join(__dirname, '../../docs/data-model.md');

/** `### \`name\`` headings and `| \`name\` | …` rows (a table's first cell): where the document names tables. */
function documentedTables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const named = /^#{2,4} `([a-z_][a-z0-9_]*)`\s*$/.exec(line) ?? /^\| `([a-z_][a-z0-9_]*)` +\|/.exec(line);
    if (named) names.add(named[1]);
  }
  return names;
}

describe('docs/data-model.md', () => {
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  let database: TestDatabase;
  let dataSource: DataSource | undefined;
  let tables: Set<string>;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await migrateDatabase(dataSource);
    const rows = await dataSource.query<{ name: string }[]>(`
      SELECT c.relname AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname NOT LIKE '%\\_legacy'`);
    tables = new Set(rows.map((row) => row.name));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('finds the tables of a migrated database', () => {
    expect(tables).toContain('executions');
    expect(tables).toContain('migrations');
  });

  it('describes every table of the public schema', () => {
    const documented = documentedTables(readFileSync(DOCUMENT, 'utf8'));
    expect([...tables].filter((table) => !documented.has(table)).sort()).toEqual([]);
  });

  it('names no table the migrations do not create', () => {
    const documented = documentedTables(readFileSync(DOCUMENT, 'utf8'));
    expect([...documented].filter((table) => !tables.has(table)).sort()).toEqual([]);
  });
});
