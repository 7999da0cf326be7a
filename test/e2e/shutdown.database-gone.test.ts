import { login, TEST_ADMIN } from '../support/auth.js';
import { startHttpServer, type TestHttpServer } from '../support/http-task.servers.js';
import { startRestartablePostgres, type RestartablePostgres } from '../support/restartable-postgres.js';
import {
  buildService,
  jsonLogLines,
  PRODUCTION_ENV,
  startService,
  type ServiceBuild,
} from '../support/service.js';
import { waitFor } from '../support/wait.js';

/**
 * A compose stack going down stops the database and the service together: the service's
 * connections die under it while it drains. That is the end of a shutdown, not a crash.
 */
describe('the built service when its database stops during its shutdown', () => {
  let build: ServiceBuild;
  let postgres: RestartablePostgres;
  let hanging: TestHttpServer;

  beforeAll(async () => {
    [build, postgres, hanging] = await Promise.all([
      buildService(),
      startRestartablePostgres(),
      // Never answers: the HTTP Task's job stays in flight, so the shutdown waits on it.
      startHttpServer(() => undefined),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([postgres?.remove(), hanging?.close()]);
  });

  it('exits 0 with no stack trace and no unhandled error event', async () => {
    const service = await startService(build, {
      ...PRODUCTION_ENV,
      DATABASE_URL: postgres.url,
      HTTP_TASK_ALLOW_LIST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    const { accessToken } = await login(service.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const post = (path: string, body: unknown) =>
      fetch(`${service.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(body),
      });
    const definition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::http:invoke',
          Parameters: { ApiEndpoint: `${hanging.origin}/hang`, Method: 'GET' },
          End: true,
        },
      },
    };
    expect((await post('/state-machines', { name: 'hangs', definition })).status).toBe(201);
    expect((await post('/state-machines/hangs/executions', { input: {} })).status).toBe(201);
    await waitFor(() => (hanging.requests.length > 0 ? true : undefined), { what: 'the HTTP call' });

    // Both at once, as `docker compose down` does; the database does not wait for the service's
    // sessions (fast shutdown, the official image's stop signal), so they end while it stops.
    const stopped = service.stop('SIGTERM');
    await postgres.shutDownFast();
    const { code } = await stopped;

    expect(code).toBe(0);
    const messages = jsonLogLines(service.output).map((line) => String(line.msg));
    // The database did end the service's sessions under its shutdown (57P01), and that was noticed.
    expect(messages.some((message) => message.includes('terminating connection'))).toBe(true);
    expect(service.output.text()).not.toMatch(/unhandled|"stack"|\n\s+at /i);
    expect(messages.at(-1)).toBe('Stopped');
  }, 120_000);
});
