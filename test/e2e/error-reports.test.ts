import { login, TEST_ADMIN } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { onServer } from '../support/database-server.js';
import { startHttpServer, type ReceivedRequest, type TestHttpServer } from '../support/http-task.servers.js';
import {
  buildService,
  jsonLogLines,
  PRODUCTION_ENV,
  startService,
  TEST_JWT_SECRET,
  type RunningService,
  type ServiceBuild,
} from '../support/service.js';
import { waitFor } from '../support/wait.js';

/**
 * Unhandled errors of the built service (docs/operations.md, "Error reporting"): an engine job
 * that throws unexpectedly and a REST request that ends in a 500 are each logged once with their
 * fields, counted in `stepgraph_errors_total{source}`, and sent to Sentry (a local HTTP server
 * standing in for its ingestion endpoint) with their tags and without a secret; without
 * SENTRY_DSN nothing is sent and the rest still works. A failure inside pg-boss itself is reported
 * the same way, as source `queue`. The faults are provoked through the
 * database, as corrupt data or a failing server would: no test seam in the service.
 */

/** The database accepts any password from the tests (trust): this one exists to be kept secret. */
const DATABASE_PASSWORD = 'db-password-never-reported';
/** A password inside a server's error message, as drivers and proxies sometimes echo one. */
const MESSAGE_PASSWORD = 'hunter2-in-a-message';
/** A value in the body of the failing request. */
const BODY_SECRET = 'body-secret-never-reported';
/** The name of the state machine whose creation the database refuses. */
const REFUSED_MACHINE = 'refused-by-the-database';
/** Its definition, which carries a secret in the request's body. */
const refusedDefinition = {
  StartAt: 'Keep',
  States: { Keep: { Type: 'Pass', Result: { password: BODY_SECRET }, End: true } },
};

/** An envelope as the Sentry endpoint received it: its event, and the whole text for secret checks. */
interface Envelope {
  readonly text: string;
  readonly event: {
    readonly tags?: Record<string, string>;
    readonly environment?: string;
    readonly exception?: { readonly values: { readonly type: string; readonly value: string }[] };
    readonly request?: unknown;
  };
}

function envelopesOf(sentry: TestHttpServer): Envelope[] {
  return sentry.requests
    .filter((request: ReceivedRequest) => request.url.startsWith('/api/1/envelope/'))
    .flatMap((request) => {
      // An envelope is newline-separated JSON: its header, then an item header and payload per item.
      const [, itemHeader, payload] = request.body.split('\n');
      if (!itemHeader || !payload || (JSON.parse(itemHeader) as { type: string }).type !== 'event') return [];
      return [{ text: request.body, event: JSON.parse(payload) as Envelope['event'] }];
    });
}

async function errorCount(service: RunningService, source: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`stepgraph_errors_total{source="${source}"}`));
  return Number(line?.split(' ').at(-1));
}

function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = DATABASE_PASSWORD;
  return parsed.toString();
}

describe('unhandled errors of the built service', () => {
  let build: ServiceBuild;
  let database: TestDatabase;
  let sentry: TestHttpServer;

  beforeAll(async () => {
    [build, database, sentry] = await Promise.all([
      buildService(),
      createTestDatabase(),
      startHttpServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      }),
    ]);
    // A server-side refusal that quotes a connection string with its password, for one name only.
    await onServer(database.url, async (client) => {
      await client.query(`
        CREATE FUNCTION refuse_machine() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = '${REFUSED_MACHINE}' THEN
            RAISE EXCEPTION 'catalog postgres://catalog:${MESSAGE_PASSWORD}@catalog.internal/db is unreachable';
          END IF;
          RETURN NEW;
        END $$`);
      await client.query(
        'CREATE TRIGGER refuse_machine BEFORE INSERT ON state_machines FOR EACH ROW EXECUTE FUNCTION refuse_machine()',
      );
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([database?.drop(), sentry?.close()]);
  });

  async function boot(env: Record<string, string> = {}): Promise<RunningService> {
    return startService(build, {
      ...PRODUCTION_ENV,
      DATABASE_URL: withPassword(database.url),
      LOG_LEVEL: 'info',
      ...env,
    });
  }

  /** POSTs to the REST API as the admin, with the admin's JWT as `Authorization`. */
  async function post(service: RunningService, accessToken: string, path: string, body: unknown) {
    return fetch(`${service.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
  }

  /** A request that ends in a 500: the database refuses the new state machine. */
  async function failingRequest(service: RunningService, accessToken: string) {
    const response = await post(service, accessToken, '/state-machines', {
      name: REFUSED_MACHINE,
      definition: refusedDefinition,
    });
    expect(response.status).toBe(500);
    return (await response.json()) as { requestId: string; detail?: string };
  }

  describe('with SENTRY_DSN set', () => {
    let service: RunningService;
    let accessToken: string;

    beforeAll(async () => {
      service = await boot({
        SENTRY_DSN: `http://publickey@127.0.0.1:${sentry.port}/1`,
        SENTRY_ENVIRONMENT: 'error-reports-e2e',
      });
      ({ accessToken } = await login(service.url, TEST_ADMIN.email, TEST_ADMIN.password));
    }, 120_000);

    afterAll(async () => {
      if (service) expect((await service.stop()).code).toBe(0);
    });

    /** Secrets the service knows or was handed, none of which may leave it in a report. */
    const secrets = () => [
      DATABASE_PASSWORD,
      MESSAGE_PASSWORD,
      BODY_SECRET,
      TEST_JWT_SECRET,
      TEST_ADMIN.password,
      accessToken,
    ];

    it('reports a REST request that fails unexpectedly once: a log line, a count, a Sentry event, no secret', async () => {
      const problem = await failingRequest(service, accessToken);
      // The client learns nothing of the cause.
      expect(JSON.stringify(problem)).not.toContain('catalog');

      const envelope = await waitFor(
        () => envelopesOf(sentry).find((candidate) => candidate.event.tags?.request_id === problem.requestId),
        { what: 'the Sentry event of the failed request', timeoutMs: 30_000 },
      );
      expect(envelope.event.tags).toMatchObject({ source: 'http', request_id: problem.requestId });
      expect(envelope.event.environment).toBe('error-reports-e2e');
      expect(envelope.event.exception?.values.at(-1)?.value).toContain(
        'catalog postgres://catalog:[redacted]@catalog.internal/db is unreachable',
      );
      expect(envelope.event.request).toBeUndefined();
      for (const secret of secrets()) expect(envelope.text).not.toContain(secret);

      expect(await errorCount(service, 'http')).toBe(1);

      const lines = jsonLogLines(service.output);
      const reported = lines.filter((line) => JSON.stringify(line).includes('catalog.internal'));
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({
        level: 50,
        source: 'http',
        requestId: problem.requestId,
        err: { message: expect.stringContaining('postgres://catalog:[redacted]@catalog.internal') },
      });
      for (const secret of secrets()) expect(service.output.text()).not.toContain(secret);
    }, 60_000);

    it('reports a GraphQL operation that fails unexpectedly the same way, as source graphql', async () => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          query:
            'mutation Create($input: CreateStateMachineInput!) { createStateMachine(input: $input) { id } }',
          variables: { input: { name: REFUSED_MACHINE, definition: refusedDefinition } },
        }),
      });
      const body = (await response.json()) as {
        errors: { message: string; extensions: { code: string; requestId: string } }[];
      };
      const [error] = body.errors;
      expect(error?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error?.message).not.toContain('catalog');
      const requestId = error?.extensions.requestId;

      const envelope = await waitFor(
        () => envelopesOf(sentry).find((candidate) => candidate.event.tags?.request_id === requestId),
        { what: 'the Sentry event of the failed operation', timeoutMs: 30_000 },
      );
      expect(envelope.event.tags).toMatchObject({ source: 'graphql', request_id: requestId });
      for (const secret of secrets()) expect(envelope.text).not.toContain(secret);
      expect(await errorCount(service, 'graphql')).toBe(1);
      const reported = jsonLogLines(service.output).filter((line) => line.requestId === requestId);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ level: 50, source: 'graphql' });
    }, 60_000);

    it('reports an engine job that throws unexpectedly with its execution, state and a count', async () => {
      const definition = {
        StartAt: 'Pause',
        States: { Pause: { Type: 'Wait', Seconds: 2, Next: 'Done' }, Done: { Type: 'Succeed' } },
      };
      expect(
        (await post(service, accessToken, '/state-machines', { name: 'pauses', definition })).status,
      ).toBe(201);
      const started = await post(service, accessToken, '/state-machines/pauses/executions', { input: {} });
      const { id: executionId } = (await started.json()) as { id: string };

      // Corrupt data, as a bug or a bad migration would leave it: the waiting run names a state the
      // definition does not have, so the timer's job throws where no workflow rule applies.
      await onServer(database.url, async (client) => {
        await waitFor(
          async () => {
            const { rowCount } = await client.query(
              `UPDATE runs SET state = jsonb_set(state, '{stateName}', '"Vanished"')
                WHERE execution_id = $1 AND parent_run_id IS NULL AND state->>'stateName' = 'Pause'
                  AND state->'waiting' IS NOT NULL AND state->'waiting' <> 'null'::jsonb`,
              [executionId],
            );
            return rowCount === 1 ? true : undefined;
          },
          { what: 'the run waiting in Pause', timeoutMs: 30_000 },
        );
      });

      const envelope = await waitFor(
        () => envelopesOf(sentry).find((candidate) => candidate.event.tags?.execution_id === executionId),
        { what: 'the Sentry event of the failed job', timeoutMs: 60_000 },
      );
      expect(envelope.event.tags).toMatchObject({
        source: 'transition_job',
        execution_id: executionId,
        state_name: 'Vanished',
      });
      for (const secret of secrets()) expect(envelope.text).not.toContain(secret);

      // Repaired, the job's next retry moves the execution on: no more reports after this.
      await onServer(database.url, (client) =>
        client.query(
          `UPDATE runs SET state = jsonb_set(state, '{stateName}', '"Pause"')
            WHERE execution_id = $1 AND parent_run_id IS NULL`,
          [executionId],
        ),
      );
      await waitFor(
        async () => {
          const response = await fetch(`${service.url}/api/v1/executions/${executionId}`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
          return ((await response.json()) as { status: string }).status === 'SUCCEEDED' ? true : undefined;
        },
        { what: 'the repaired execution to succeed', timeoutMs: 90_000 },
      );

      // Each failed attempt: exactly one log line, one count and one Sentry event, nothing else.
      const message = envelope.event.exception?.values.at(-1)?.value ?? '';
      const lines = jsonLogLines(service.output).filter((line) => JSON.stringify(line).includes(message));
      const events = envelopesOf(sentry).filter(
        (candidate) => candidate.event.tags?.execution_id === executionId,
      );
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(events).toHaveLength(lines.length);
      expect(await errorCount(service, 'transition_job')).toBe(lines.length);
      for (const line of lines)
        expect(line).toMatchObject({
          level: 50,
          source: 'transition_job',
          executionId,
          stateName: 'Vanished',
          err: { message },
        });
    }, 180_000);
  });

  describe("the queue's own failures", () => {
    it('reports a failing pass of the queue maintenance as source queue, scrubbed, and goes on', async () => {
      // Passes every 2 s instead of every minute.
      const service = await boot({
        SENTRY_DSN: `http://publickey@127.0.0.1:${sentry.port}/1`,
        ENGINE_JOB_LEASE_SECONDS: '2',
      });
      try {
        // pg-boss claims a queue's monitor pass by stamping its row: a server that refuses the stamp
        // fails the pass inside pg-boss, where no job or request of ours is involved.
        await onServer(database.url, async (client) => {
          await client.query(`
            CREATE FUNCTION refuse_monitor() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.monitor_claim_on IS DISTINCT FROM OLD.monitor_claim_on THEN
                RAISE EXCEPTION 'stats postgres://stats:${MESSAGE_PASSWORD}@stats.internal/db is unreachable';
              END IF;
              RETURN NEW;
            END $$`);
          await client.query(
            'CREATE TRIGGER refuse_monitor BEFORE UPDATE ON pgboss.queue FOR EACH ROW EXECUTE FUNCTION refuse_monitor()',
          );
        });
        const envelope = await waitFor(
          () => envelopesOf(sentry).find((candidate) => candidate.event.tags?.source === 'queue'),
          { what: 'the Sentry event of the failed monitor pass', timeoutMs: 60_000 },
        );
        expect(envelope.event.exception?.values.at(-1)?.value).toContain(
          'stats postgres://stats:[redacted]@stats.internal/db is unreachable',
        );
        expect(envelope.text).not.toContain(MESSAGE_PASSWORD);
        expect(await errorCount(service, 'queue')).toBeGreaterThanOrEqual(1);
        const reported = jsonLogLines(service.output).filter((line) =>
          JSON.stringify(line).includes('stats.internal'),
        );
        expect(reported.length).toBeGreaterThanOrEqual(1);
        for (const line of reported) expect(line).toMatchObject({ level: 50, source: 'queue' });
        expect(service.output.text()).not.toContain(MESSAGE_PASSWORD);
        // A fault of the queue's bookkeeping, not of the process: it still serves.
        expect((await fetch(`${service.url}/health`)).status).toBe(200);
      } finally {
        await onServer(database.url, (client) =>
          client.query('DROP TRIGGER IF EXISTS refuse_monitor ON pgboss.queue'),
        );
        expect((await service.stop()).code).toBe(0);
      }
    }, 120_000);
  });

  describe('without SENTRY_DSN', () => {
    it('sends nothing, and still logs and counts the error', async () => {
      const before = sentry.requests.length;
      const service = await boot();
      try {
        const { accessToken } = await login(service.url, TEST_ADMIN.email, TEST_ADMIN.password);
        const problem = await failingRequest(service, accessToken);
        await waitFor(
          () =>
            jsonLogLines(service.output).find(
              (line) => line.requestId === problem.requestId && line.level === 50,
            ),
          { what: 'the log line of the failed request' },
        );
        expect(await errorCount(service, 'http')).toBe(1);
        // Other requests are unaffected.
        expect((await fetch(`${service.url}/health`)).status).toBe(200);
      } finally {
        expect((await service.stop()).code).toBe(0);
      }
      expect(sentry.requests.length).toBe(before);
    }, 120_000);
  });
});
