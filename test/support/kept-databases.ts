/**
 * Where the databases of failed test files are kept, so that a failure message only names what
 * still exists after the run. On a server of DATABASE_URL a kept database simply stays. The
 * embedded PostgreSQL that global setup starts when DATABASE_URL is unset lives in a temporary
 * folder that global teardown removes: a kept database there is recorded in the folder, and
 * teardown then keeps the folder and says how to start the server again.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Set by global setup (and inherited by the workers) to the run's embedded PostgreSQL folder. */
export const EMBEDDED_POSTGRES_FOLDER_VARIABLE = 'STEPGRAPH_TEST_POSTGRES_FOLDER';
const KEPT_LIST = 'kept-databases';
/** The cluster's own folder inside the run's folder (see harness.processes.ts). */
export const CLUSTER_FOLDER = 'postgres';

/** Keeps a failed test file's database and says where it is. */
export async function keepDatabase(name: string, host: string): Promise<string> {
  const folder = process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE];
  if (!folder) return `A test failed: kept database ${name} on ${host} for inspection.`;
  await appendFile(join(folder, KEPT_LIST), `${name}\n`);
  return (
    `A test failed: kept database ${name} for inspection, in this run's embedded PostgreSQL; ` +
    `its folder ${folder} is kept after the run, and the run's last lines say how to start it again.`
  );
}

/** The databases kept in an embedded PostgreSQL folder, or none. */
export async function keptDatabases(folder: string): Promise<string[]> {
  const list = join(folder, KEPT_LIST);
  if (!existsSync(list)) return [];
  return (await readFile(list, 'utf8')).split('\n').filter(Boolean);
}

/** How to reach the kept databases of an embedded PostgreSQL folder once the run is over. */
export function keptFolderNotice(folder: string, databases: readonly string[]): string {
  return [
    `Kept ${folder}: the embedded PostgreSQL of this test run, with the databases of failed tests (${databases.join(', ')}).`,
    `Start it with: node --import ./scripts/typescript-loader.mjs test/support/embedded-postgres.process.ts ${join(folder, CLUSTER_FOLDER)}`,
    `(it prints its URL; Ctrl-C stops it). Delete the folder when done.`,
  ].join('\n');
}
