import pg from 'pg';
import { bootApp, type BootedApp } from '../support/app.js';
import { choosePort } from '../../src/database/embedded-postgres.launcher.js';
import { describeWithRedis } from '../support/redis.js';

interface HealthBody {
  status: string;
  details: Record<string, { status: string; connection?: string; message?: string }>;
}

/** `stepgraph_dependency_up` of a scrape of `/metrics`, by dependency; the scrape must answer 200. */
const dependenciesUp = async (app: BootedApp) => {
  const response = await fetch(`${app.url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return Object.fromEntries(
    [...text.matchAll(/^stepgraph_dependency_up\{dependency="(\w+)"\} (\d+)$/gm)].map(([, name, up]) => [
      name,
      Number(up),
    ]),
  );
};

const health = async (app: BootedApp) => {
  const response = await fetch(`${app.url}/health`);
  return { status: response.status, body: (await response.json()) as HealthBody };
};

describe('GET /health', () => {
  let app: BootedApp;

  beforeAll(async () => {
    app = await bootApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 200 when the database and the queue are up, with no Redis configured', async () => {
    const { status, body } = await health(app);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details).toEqual({
      database: expect.objectContaining({ status: 'up' }),
      queue: expect.objectContaining({ status: 'up' }),
    });
    // The same checks on /metrics, for alerts.
    expect(await dependenciesUp(app)).toEqual({ database: 1, queue: 1 });
  });

  it('is served at the root, outside the /api/v1 prefix', async () => {
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(404);
  });

  it('answers 503 while the database refuses connections (and /metrics says so), and 200 again once it is back', async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = admin.escapeIdentifier(app.database.name);
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        app.database.name,
      ]);
      const { status, body } = await health(app);
      expect(status).toBe(503);
      expect(body.status).toBe('error');
      expect(body.details.database?.status).toBe('down');
      expect((await dependenciesUp(app)).database).toBe(0);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await health(app)).status).toBe(200);
  });
});

describe('GET /health with Redis down', () => {
  let app: BootedApp;

  beforeAll(async () => {
    // A port nothing listens on: Redis is configured but unreachable.
    app = await bootApp({ REDIS_URL: `redis://127.0.0.1:${await choosePort(0)}` });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('stays 200 but says the service is degraded and Redis is down', async () => {
    const { status, body } = await health(app);
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.details.redis).toEqual(expect.objectContaining({ status: 'degraded', connection: 'down' }));
    expect(body.details.database?.status).toBe('up');
    expect(await dependenciesUp(app)).toEqual({ database: 1, queue: 1, redis: 0 });
  });
});

describeWithRedis('GET /health with Redis up', (redisUrl) => {
  let app: BootedApp;

  beforeAll(async () => {
    app = await bootApp({ REDIS_URL: redisUrl });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports Redis up', async () => {
    const { status, body } = await health(app);
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.redis?.status).toBe('up');
  });
});
