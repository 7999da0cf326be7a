import { bootApp, type BootedApp } from '../support/app.js';
import {
  ExecutionEventsDocument,
  ExecutionsChangedDocument,
  ExecutionUpdatedDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { waitFor } from '../support/wait.js';
import { awaitStatus, createMachine } from './executions.fixtures.js';
import { completedWithin, historyOf, record, seqRange, sleepLoop } from './subscriptions.fixtures.js';

jest.setTimeout(60_000);

describe('subscriptions in one process, without REDIS_URL (in-process pub/sub)', () => {
  let booted: BootedApp;
  let socket: GraphqlSocket;
  let machineId: string;

  beforeAll(async () => {
    booted = await bootApp({ REDIS_URL: undefined });
    socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    machineId = await createMachine(booted.client, 'sleepy', sleepLoop(4, 0.15));
  });

  afterAll(async () => {
    await socket?.close();
    await booted?.close();
  });

  const start = async () =>
    (await booted.client.expectData(StartExecutionDocument, { input: { stateMachineId: machineId } }))
      .startExecution;

  it('streams a running execution’s events live, in order, and completes after the last', async () => {
    const execution = await start();
    const events = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    const updates = record(socket, ExecutionUpdatedDocument, { id: execution.id });
    await Promise.all([completedWithin(events), completedWithin(updates)]);
    const history = await historyOf(booted.client, execution.id);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.data().map((data) => data.executionEvents.seq)).toEqual(seqRange(1, history.length));
    expect(updates.data().map((data) => data.executionUpdated.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    // Events arrived while the execution ran, not all at once at its end.
    const arrivals = events.received.map((entry) => entry.at);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(300);
  });

  it('tells executionsChanged subscribers about executions starting and ending', async () => {
    const changes = record(socket, ExecutionsChangedDocument, { stateMachineId: machineId });
    // Nothing tells the client when the server is listening: start executions until one is seen.
    await waitFor(
      async () => {
        await start();
        await waitFor(() => (changes.received.length > 0 ? true : undefined), { timeoutMs: 1000 });
        return true;
      },
      { what: 'executionsChanged to deliver anything' },
    );
    const execution = await start();
    await awaitStatus(booted.client, execution.id);
    await waitFor(() =>
      changes
        .data()
        .some(
          (data) =>
            data.executionsChanged.id === execution.id && data.executionsChanged.status === 'SUCCEEDED',
        )
        ? true
        : undefined,
    );
    changes.stop();
    expect(
      changes
        .data()
        .filter((data) => data.executionsChanged.id === execution.id)
        .map((data) => data.executionsChanged.status),
    ).toEqual(['RUNNING', 'SUCCEEDED']);
  });
});
