import { bootApp, type BootedApp } from '../support/app.js';
import { createApiKey, createUser } from '../support/auth.js';
import {
  AllExecutionsChangedDocument,
  ExecutionEventsDocument,
  ExecutionUpdatedDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { createGraphqlClient, type GraphqlClient } from '../support/graphql-client.js';
import { openGraphqlSocket } from '../support/graphql-ws-client.js';
import { awaitStatus, createMachine, ECHO_DEFINITION } from './executions.fixtures.js';
import { completedWithin, historyOf, record, sleepLoop } from './subscriptions.fixtures.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(60_000);

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

function expiryOf(accessToken: string): number {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as {
    exp: number;
  };
  return payload.exp * 1000;
}

/** An error as a client would compare it: without the request id, which differs every time. */
function withoutRequestId(result: {
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}) {
  return result.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code }));
}

describe('who may subscribe to an execution', () => {
  let booted: BootedApp;
  /** An admin API key: unlike the access tokens of this app, it does not expire in 2 s. */
  let client: GraphqlClient;
  let adminKey: string;
  let machineId: string;

  beforeAll(async () => {
    booted = await bootApp({ ACCESS_TOKEN_TTL_SECONDS: '2' });
    adminKey = (await createApiKey(booted.url, booted.adminToken, 'admin')).key;
    client = createGraphqlClient(booted.url, { token: adminKey });
    machineId = await createMachine(client, 'slow', sleepLoop(20, 0.25));
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async () =>
    (await client.expectData(StartExecutionDocument, { input: { stateMachineId: machineId } }))
      .startExecution;

  it('sends no event after the access token expired and closes the socket (docs/testing.md S6)', async () => {
    const viewer = await createUser(booted.url, adminKey, 'viewer');
    const expiresAt = expiryOf(viewer.accessToken);
    const execution = await start();
    const socket = openGraphqlSocket(booted.url, { token: viewer.accessToken });
    const events = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    await events.untilCount(1);
    expect(await socket.closed(10_000)).toEqual({ code: 4401, reason: 'Access token expired' });
    await awaitStatus(client, execution.id);
    const history = await historyOf(client, execution.id);
    // The execution went on recording events after the expiry; none of them reached the viewer.
    // An event's timestamp is PostgreSQL's clock when it was recorded, before it could be sent, and
    // the server checks the token before sending each event: whatever was sent was recorded before
    // the expiry, however late it arrived here.
    expect(events.received.length).toBeGreaterThan(0);
    expect(events.received.length).toBeLessThan(history.length);
    const recordedAt = events.received.map(({ result }) =>
      Date.parse(result.data!.executionEvents.timestamp),
    );
    expect(recordedAt.filter((at) => at >= expiresAt)).toEqual([]);
    expect(events.isComplete()).toBe(false);
  });

  it('refuses a role without executions:read alike for an execution that exists and one that does not (docs/testing.md S10)', async () => {
    const execution = await start();
    const worker = await createApiKey(booted.url, adminKey, 'worker');
    const answers = [];
    for (const [document, variables] of [
      [ExecutionEventsDocument, { executionId: execution.id }],
      [ExecutionEventsDocument, { executionId: UNKNOWN_ID }],
      [ExecutionUpdatedDocument, { id: execution.id }],
      [ExecutionUpdatedDocument, { id: UNKNOWN_ID }],
    ] as const) {
      const socket = openGraphqlSocket(booted.url, { token: worker.key });
      await socket.connected();
      const recording = record(socket, document as never, variables as never);
      const closed = await socket.closed();
      answers.push({ closed, results: recording.received.map((entry) => withoutRequestId(entry.result)) });
    }
    // The refusal is decided by the role alone, before the id is looked at.
    expect(answers).toEqual(Array(4).fill(answers[0]));
    expect(answers[0]).toEqual({ closed: { code: 4403, reason: 'Access revoked' }, results: [] });
  });

  it('sends the executions of every machine to a viewer subscribed without a machine, and nothing to a role without executions:read', async () => {
    const otherMachineId = await createMachine(client, 'other', ECHO_DEFINITION);
    const viewerKey = (await createApiKey(booted.url, adminKey, 'viewer')).key;
    const workerKey = (await createApiKey(booted.url, adminKey, 'worker')).key;
    const viewerSocket = openGraphqlSocket(booted.url, { token: viewerKey });
    const workerSocket = openGraphqlSocket(booted.url, { token: workerKey });
    await Promise.all([viewerSocket.connected(), workerSocket.connected()]);
    const viewer = record(viewerSocket, AllExecutionsChangedDocument, {});
    const worker = record(workerSocket, AllExecutionsChangedDocument, {});
    expect(await workerSocket.closed()).toEqual({ code: 4403, reason: 'Access revoked' });
    const machinesSeen = () => new Set(viewer.data().map((data) => data.executionsChanged.stateMachine.id));
    // Nothing tells the client when the server is listening: start executions until both machines' are seen.
    await waitFor(
      async () => {
        await start();
        await client.expectData(StartExecutionDocument, {
          input: { stateMachineId: otherMachineId, input: { order: 1 } },
        });
        await waitFor(() => (machinesSeen().size === 2 ? true : undefined), { timeoutMs: 1000 });
        return true;
      },
      { what: 'executions of both machines to reach the viewer' },
    );
    expect(machinesSeen()).toEqual(new Set([machineId, otherMachineId]));
    expect(worker.received).toEqual([]);
    await viewerSocket.close();
  });

  it('answers NOT_FOUND alike for an unknown execution and an id that cannot be one, and streams a visible one (docs/testing.md S10)', async () => {
    const execution = await start();
    const socket = openGraphqlSocket(booted.url, { token: adminKey });
    const viewerKey = (await createApiKey(booted.url, adminKey, 'viewer')).key;
    const viewerSocket = openGraphqlSocket(booted.url, { token: viewerKey });
    await Promise.all([socket.connected(), viewerSocket.connected()]);
    const answers = [];
    for (const executionId of [UNKNOWN_ID, 'DROP TABLE executions']) {
      const recording = record(viewerSocket, ExecutionEventsDocument, { executionId });
      await completedWithin(recording, 5000);
      answers.push(recording.received.map((entry) => withoutRequestId(entry.result)));
    }
    expect(answers).toEqual([
      [[{ message: `Execution ${UNKNOWN_ID} not found`, code: 'NOT_FOUND' }]],
      [[{ message: 'Execution DROP TABLE executions not found', code: 'NOT_FOUND' }]],
    ]);
    const visible = record(viewerSocket, ExecutionEventsDocument, { executionId: execution.id });
    await visible.untilCount(1);
    expect(visible.received[0]?.result.data?.executionEvents).toMatchObject({
      seq: 1,
      type: 'ExecutionStarted',
    });
    await Promise.all([socket.close(), viewerSocket.close()]);
  });
});
