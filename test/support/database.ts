import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { databaseUrl, onServer, TEMPLATE_DATABASE_VARIABLE } from './database-server.js';
import { keepDatabase } from './kept-databases.js';

const FAILED = Symbol.for('stepgraph.test.failed');
/** PostgreSQL truncates identifiers longer than this. */
const MAX_IDENTIFIER_LENGTH = 63;

/** A database of its own for one test file. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /**
   * Call in afterAll. Drops the database when every test of the file passed; keeps it, and prints
   * where it is, when one failed, so that it can be inspected (kept-databases.ts).
   */
  drop(): Promise<void>;
}

/**
 * Creates a database (unique name) on the run's server: a copy of the run's migrated template
 * (template-database.ts), or with `{ empty: true }` an empty one, for tests of the migrations
 * themselves. The application runs its migrations at boot either way.
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('DATABASE_URL is unset: run the tests through Jest, whose global setup provides one.');
  const template = empty ? undefined : process.env[TEMPLATE_DATABASE_VARIABLE];
  const name = uniqueName();
  await onServer(serverUrl, (client) =>
    client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)}` +
        (template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''),
    ),
  );
  const url = databaseUrl(serverUrl, name);
  return {
    name,
    url,
    async drop() {
      if ((globalThis as Record<symbol, unknown>)[FAILED]) {
        console.log(await keepDatabase(name, new URL(url).host));
        return;
      }
      await onServer(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

function uniqueName(): string {
  const file = basename(expect.getState().testPath ?? 'test').replace(/\.test\.ts$/, '');
  const suffix = `_${randomBytes(4).toString('hex')}`;
  const prefix = `stepgraph_test_${file.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  return prefix.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix;
}
