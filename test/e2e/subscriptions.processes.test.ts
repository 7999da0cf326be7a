/**
 * docs/design.md §2: two API processes and one engine process, real children of the
 * test, on one PostgreSQL database and one Redis. A subscription opened on API process A receives
 * every event of an execution started through API process B and advanced by the engine process.
 */
import pg from 'pg';
import { TEST_JWT_SECRET } from '../support/app.js';
import { login, TEST_ADMIN } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startEngineProcess, type EngineProcess } from '../support/engine-processes.js';
import {
  ExecutionEventsDocument,
  ExecutionUpdatedDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { createGraphqlClient, type GraphqlClient } from '../support/graphql-client.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { describeWithRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { createMachine } from './executions.fixtures.js';
import {
  completedWithin,
  historyOf,
  record,
  seqRange,
  TWO_APPROVALS,
  type Recording,
} from './subscriptions.fixtures.js';

// Three processes boot from source on a two-core machine.
jest.setTimeout(180_000);

describeWithRedis('subscriptions across API and engine processes', (redisUrl) => {
  let database: TestDatabase;
  const processes: EngineProcess[] = [];
  let apiA: EngineProcess;
  let apiB: EngineProcess;
  let clientA: GraphqlClient;
  let clientB: GraphqlClient;
  let socket: GraphqlSocket;

  const start = (name: string, role: 'api' | 'worker', env: Record<string, string> = {}) =>
    startEngineProcess({
      databaseUrl: database.url,
      name,
      env: {
        STEPGRAPH_ROLE: role,
        REDIS_URL: redisUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        RATE_LIMIT_PER_MINUTE: '1000000',
        ...env,
      },
    }).then((started) => {
      processes.push(started);
      return started;
    });

  const baseUrl = (api: EngineProcess) => api.healthUrl.replace(/\/health$/, '');

  beforeAll(async () => {
    database = await createTestDatabase();
    // A first: it migrates the database and creates the first admin; then the others, side by side.
    // A reads PostgreSQL again only when notified: its catch-up read comes every hour.
    apiA = await start('api-a', 'api', {
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      SUBSCRIPTION_CATCH_UP_INTERVAL_MS: '3600000',
    });
    [apiB] = await Promise.all([start('api-b', 'api'), start('engine', 'worker')]);
    const { accessToken } = await login(baseUrl(apiA), TEST_ADMIN.email, TEST_ADMIN.password);
    clientA = createGraphqlClient(baseUrl(apiA), { token: accessToken });
    clientB = createGraphqlClient(baseUrl(apiB), { token: accessToken });
    socket = openGraphqlSocket(baseUrl(apiA), { token: accessToken });
    await socket.connected();
  });

  afterAll(async () => {
    await socket?.close();
    await Promise.all(processes.map((child) => child.kill()));
    await database?.drop();
  });

  /** The task tokens of the execution's first `count` TaskScheduled events, in order. */
  const scheduledTokens = (executionId: string, count: number) =>
    waitFor(
      async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ details: { parameters: string } }>(
            `SELECT details FROM execution_events WHERE execution_id = $1 AND type = 'TaskScheduled' ORDER BY seq`,
            [executionId],
          );
          return rows.length >= count
            ? rows.map((row) => (JSON.parse(row.details.parameters) as { token: string }).token)
            : undefined;
        } finally {
          await client.end();
        }
      },
      { what: `${count} scheduled tasks of execution ${executionId}` },
    );

  const scheduledReceived = (recording: Recording<{ executionEvents: { type: string } }>, count: number) =>
    waitFor(
      () =>
        recording.data().filter((data) => data.executionEvents.type === 'TaskScheduled').length >= count
          ? true
          : undefined,
      { timeoutMs: 20_000, what: `the subscriber to receive ${count} TaskScheduled events` },
    );

  it('delivers on API process A every event of an execution started on B and run by the engine process, live', async () => {
    const machineId = await createMachine(clientA, 'across', TWO_APPROVALS);
    const { startExecution: execution } = await clientB.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId },
    });
    const fromStart = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    const fromLater = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 5 });
    const updates = record(socket, ExecutionUpdatedDocument, { id: execution.id });
    // Each answer is sent once the subscriber has what came before it: the events of each answer
    // are recorded after A read the history. A reads again when notified through Redis, or once
    // when its subscription is confirmed; of two answers, one at least reaches A only as a notice.
    const [first] = await scheduledTokens(execution.id, 1);
    await scheduledReceived(fromStart, 1);
    await clientB.expectData(SendTaskSuccessDocument, { taskToken: first!, output: { n: 1 } });
    const [, second] = await scheduledTokens(execution.id, 2);
    await scheduledReceived(fromStart, 2);
    await clientB.expectData(SendTaskSuccessDocument, { taskToken: second!, output: { n: 2 } });
    await Promise.all([completedWithin(fromStart), completedWithin(fromLater), completedWithin(updates)]);

    const history = await historyOf(clientA, execution.id);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(fromStart.data().map((data) => data.executionEvents.seq)).toEqual(seqRange(1, history.length));
    expect(fromLater.data().map((data) => data.executionEvents.seq)).toEqual(seqRange(6, history.length));
    expect(updates.data().map((data) => data.executionUpdated.status)).toEqual(['RUNNING', 'SUCCEEDED']);
  });
});
