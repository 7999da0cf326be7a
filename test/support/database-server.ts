import pg from 'pg';

/** Set by global setup (and inherited by the workers) to the name of the run's migrated template. */
export const TEMPLATE_DATABASE_VARIABLE = 'STEPGRAPH_TEST_TEMPLATE_DATABASE';

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `action` on one connection to the database at `url` (a server's maintenance database, a test's own), then closes it. */
export async function onServer<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
