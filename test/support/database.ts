import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import pg from 'pg';
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

/** Creates an empty database (unique name) on the run's server; the application migrates it at boot. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('DATABASE_URL is unset: run the tests through Jest, whose global setup provides one.');
  const name = uniqueName();
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      if ((globalThis as Record<symbol, unknown>)[FAILED]) {
        console.log(await keepDatabase(name, url.host));
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

async function onServer<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
