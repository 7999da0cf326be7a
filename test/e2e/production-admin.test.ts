import { login, TEST_ADMIN } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import {
  buildService,
  runServiceToExit,
  startService,
  TEST_JWT_SECRET,
  type ServiceBuild,
} from '../support/service.js';

/** The built service in production, on a database of its own, with no ADMIN_EMAIL/ADMIN_PASSWORD. */
describe('a production service with neither ADMIN_EMAIL nor ADMIN_PASSWORD', () => {
  let build: ServiceBuild;
  let database: TestDatabase;

  beforeAll(async () => {
    [build, database] = await Promise.all([buildService(), createTestDatabase()]);
  }, 180_000);

  afterAll(async () => {
    await database?.drop();
  });

  const production = (admin: Record<string, string> = {}) => ({
    NODE_ENV: 'production',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    ...admin,
  });

  it('refuses to boot on a database with no user, in one message that names both variables', async () => {
    const { code, output } = await runServiceToExit(build, production());

    expect(code).toBe(1);
    const naming = output.all().filter((line) => /ADMIN_EMAIL|ADMIN_PASSWORD/.test(line));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/set ADMIN_EMAIL and ADMIN_PASSWORD/);
    expect(output.text()).not.toMatch(/stack|\n\s+at /);
    expect(output.text()).not.toContain('listening on');
  }, 60_000);

  it('boots without them once the database has a user', async () => {
    const first = await startService(
      build,
      production({ ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password }),
    );
    expect((await first.stop()).code).toBe(0);

    const second = await startService(build, production());
    try {
      const session = await login(second.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect(session.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    } finally {
      expect((await second.stop()).code).toBe(0);
    }
  }, 60_000);
});
