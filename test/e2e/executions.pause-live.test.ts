/**
 * A pause and a resume reach `executionUpdated` subscribers live (issue 13, item 6): the status
 * stays RUNNING, yet a second console tab learns of each from the subscription, with who paused
 * it and when, without reloading.
 */
import {
  ExecutionPauseUpdatesDocument,
  PauseExecutionDocument,
  ResumeExecutionDocument,
  StartExecutionDocument,
  StopExecutionDocument,
} from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createGraphqlClient } from '../support/graphql-client.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { CALLBACK_DEFINITION, createMachine } from './executions.fixtures.js';

jest.setTimeout(60_000);

describe('executionUpdated during a pause and a resume', () => {
  let booted: BootedApp;
  let socket: GraphqlSocket;
  let machineId: string;

  beforeAll(async () => {
    // No catch-up tick during the test: only the pause's and resume's notices can send a result.
    booted = await bootApp({ SUBSCRIPTION_CATCH_UP_INTERVAL_MS: '3600000' });
    socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    machineId = await createMachine(booted.client, 'pause-live-callback', CALLBACK_DEFINITION);
  });

  afterAll(async () => {
    await socket?.close();
    await booted?.close();
  });

  it('sends the execution paused, with who and when, then resumed, then ended', async () => {
    const operator = await booted.signInAs('operator');
    const client = createGraphqlClient(booted.url, { token: operator.accessToken });
    const { startExecution } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId, input: { order: 1 } },
    });
    const id = startExecution.id;
    const updates = socket.subscribe(ExecutionPauseUpdatesDocument, { id });
    // The first result is read after the subscription listens: every later commit is announced.
    expect((await updates.next()).data?.executionUpdated).toMatchObject({ status: 'RUNNING', paused: false });

    const { pauseExecution } = await client.expectData(PauseExecutionDocument, { id });
    expect((await updates.next()).data?.executionUpdated).toEqual({
      id,
      status: 'RUNNING',
      paused: true,
      pausedAt: pauseExecution.pausedAt,
      pausedBy: operator.user.email,
    });

    // A pause of a paused execution changes nothing, so the next result is the resume's.
    await client.expectData(PauseExecutionDocument, { id });
    await client.expectData(ResumeExecutionDocument, { id });
    expect((await updates.next()).data?.executionUpdated).toEqual({
      id,
      status: 'RUNNING',
      paused: false,
      pausedAt: null,
      pausedBy: null,
    });

    await client.expectData(StopExecutionDocument, { id });
    expect((await updates.next()).data?.executionUpdated).toMatchObject({ status: 'ABORTED', paused: false });
    await expect(updates.next()).rejects.toThrow('the subscription ended');
  });

  it('opens on a paused execution as paused, and sends its stop as no longer paused', async () => {
    const { startExecution } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineId: machineId, input: { order: 1 } },
    });
    const id = startExecution.id;
    const { pauseExecution } = await booted.client.expectData(PauseExecutionDocument, { id });
    const updates = socket.subscribe(ExecutionPauseUpdatesDocument, { id });
    expect((await updates.next()).data?.executionUpdated).toMatchObject({
      paused: true,
      pausedAt: pauseExecution.pausedAt,
    });

    await booted.client.expectData(StopExecutionDocument, { id });
    expect((await updates.next()).data?.executionUpdated).toMatchObject({
      status: 'ABORTED',
      paused: false,
      pausedAt: null,
    });
    await expect(updates.next()).rejects.toThrow('the subscription ended');
  });
});
