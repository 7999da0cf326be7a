/**
 * docs/design.md §2: two API processes and one engine process, real children of the
 * test, on one PostgreSQL database and one Redis. A subscription opened on API process A receives
 * every event of an execution started through API process B and advanced by the engine process.
 */
import { CATCH_UP_INTERVAL_MS } from '../../src/subscriptions/subscriptions.constants.js';
import { TEST_JWT_SECRET } from '../support/app.js';
import { login, TEST_ADMIN } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startEngineProcess, type EngineProcess } from '../support/engine-processes.js';
import {
  ExecutionEventsDocument,
  ExecutionUpdatedDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { createGraphqlClient, type GraphqlClient } from '../support/graphql-client.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { describeWithRedis } from '../support/redis.js';
import { createMachine } from './executions.fixtures.js';
import { completedWithin, historyOf, record, seqRange, sleepLoop } from './subscriptions.fixtures.js';

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
    apiA = await start('api-a', 'api', {
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
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

  it('delivers on API process A every event of an execution started on B and run by the engine process, live', async () => {
    const machineId = await createMachine(clientA, 'across', sleepLoop(8, 0.2));
    const { startExecution: execution } = await clientB.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId },
    });
    const openedAt = Date.now();
    const fromStart = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    const fromLater = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 5 });
    const updates = record(socket, ExecutionUpdatedDocument, { id: execution.id });
    await Promise.all([completedWithin(fromStart), completedWithin(fromLater), completedWithin(updates)]);

    const history = await historyOf(clientA, execution.id);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(fromStart.data().map((data) => data.executionEvents.seq)).toEqual(seqRange(1, history.length));
    expect(fromLater.data().map((data) => data.executionEvents.seq)).toEqual(seqRange(6, history.length));
    expect(updates.data().map((data) => data.executionUpdated.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    // Recorded after the subscription opened, the events came through Redis within moments of
    // being recorded, not with a catch-up read that may lag by up to CATCH_UP_INTERVAL_MS.
    const live = fromStart.received.filter(
      (entry) => Date.parse(entry.result.data!.executionEvents.timestamp) > openedAt + 100,
    );
    expect(live.length).toBeGreaterThan(10);
    for (const entry of live) {
      expect(entry.at - Date.parse(entry.result.data!.executionEvents.timestamp)).toBeLessThan(
        CATCH_UP_INTERVAL_MS / 2,
      );
    }
  });
});
