import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.js';
import { createUser, login, TEST_ADMIN, type TokenPair } from './auth.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createGraphqlClient, type GraphqlClient } from './graphql-client.js';

/** Signs the test app's access tokens; any 32+ characters will do, but not a generated file in the tree. */
export const TEST_JWT_SECRET = 'a-test-secret-that-is-32-chars-long!';

/** An application booted for a test file, listening on a free port. */
export interface BootedApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly database: TestDatabase;
  /** An access token of the first admin, who may do everything. */
  readonly adminToken: string;
  /** A typed GraphQL client that sends {@link adminToken}. */
  readonly client: GraphqlClient;
  /** `fetch` with {@link adminToken} as `Authorization`, for REST calls (headers given are kept). */
  fetch(input: string, init?: RequestInit): Promise<Response>;
  /** Creates a user with `role` and signs them in. */
  signInAs(role: 'admin' | 'editor' | 'operator' | 'viewer'): Promise<TokenPair>;
  /** Shuts the application down, then drops its database (kept if a test failed). */
  close(): Promise<void>;
}

/**
 * Boots the application exactly as production does (createApp) on a fresh database, with a first
 * admin signed in. `env` holds environment variables on top of the test defaults, e.g.
 * `{ STEPGRAPH_ROLE: 'api' }` or `{ REDIS_URL: testRedisUrl() }`; nothing is read from the real
 * environment. The per-IP rate limit is raised so that busy tests are not throttled; the tests of
 * the limits set their own.
 */
export async function bootApp(env: Record<string, string | undefined> = {}): Promise<BootedApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    AUTH_RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const admin = config.admin ? await login(url, config.admin.email, config.admin.password) : undefined;
  const adminToken = admin?.accessToken ?? '';
  return {
    app,
    url,
    database,
    adminToken,
    client: createGraphqlClient(url, { token: adminToken }),
    fetch: (input, init = {}) =>
      fetch(input, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...init.headers } }),
    signInAs: (role) => createUser(url, adminToken, role),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
