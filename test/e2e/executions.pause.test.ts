/**
 * Pause and resume over the API (issue 13, item 6): GraphQL and REST, operators and up, each act
 * audited with its execution; a paused execution stays RUNNING, says `paused`, and its waitingOn
 * starts with "paused by X at T". The engine's side (what holds, what a resume continues) is
 * test/integration/engine.pause.test.ts.
 */
import { DataSource } from 'typeorm';
import {
  ExecutionPauseDocument,
  PauseExecutionDocument,
  ResumeExecutionDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createGraphqlClient } from '../support/graphql-client.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  callbackToken,
  createMachine,
  errorOf,
  problemOf,
  restClient,
} from './executions.fixtures.js';

jest.setTimeout(60_000);

describe('pauseExecution and resumeExecution', () => {
  let booted: BootedApp;
  let machineId: string;

  beforeAll(async () => {
    booted = await bootApp();
    machineId = await createMachine(booted.client, 'pause-callback', CALLBACK_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async () =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machineId, input: { order: 1 } },
      })
    ).startExecution.id;

  const auditRows = (operation: string, id: string) =>
    booted.app
      .get(DataSource)
      .query<{ outcome: string; actor_id: string | null }[]>(
        'SELECT outcome, actor_id FROM audit_log WHERE operation = $1 AND $2 = ANY(target_ids) ORDER BY seq',
        [operation, id],
      );

  it('pauses an operator’s execution with who and when, shows PAUSED first in waitingOn, and resumes it to the end', async () => {
    const operator = await booted.signInAs('operator');
    const client = createGraphqlClient(booted.url, { token: operator.accessToken });
    const id = await start();
    const token = await callbackToken(booted, id);

    const { pauseExecution: paused } = await client.expectData(PauseExecutionDocument, { id });
    expect(paused).toMatchObject({ id, status: 'RUNNING', paused: true, pausedBy: operator.user.email });
    const { execution } = await client.expectData(ExecutionPauseDocument, { id });
    expect(execution.waitingOn[0]).toMatchObject({ kind: 'PAUSED', state: 'Approve' });
    expect(Date.parse(execution.waitingOn[0]!.since as string)).toBe(Date.parse(paused.pausedAt as string));
    expect(execution.waitingOn[0]!.detail).toBe(
      `Paused by ${operator.user.email} at ${new Date(paused.pausedAt as string).toISOString()}: no state is entered until it is resumed.`,
    );
    expect(execution.waitingOn.map((reason) => reason.kind)).toContain('TASK_TOKEN');

    // Answered while paused: taken, but the execution does not move on.
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { ok: true } });
    expect((await client.expectData(ExecutionPauseDocument, { id })).execution.status).toBe('RUNNING');

    const { resumeExecution: resumed } = await client.expectData(ResumeExecutionDocument, { id });
    expect(resumed).toMatchObject({ paused: false, pausedAt: null, pausedBy: null });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');

    expect(await auditRows('pauseExecution', id)).toEqual([
      { outcome: 'success', actor_id: operator.user.id },
    ]);
    expect(await auditRows('resumeExecution', id)).toEqual([
      { outcome: 'success', actor_id: operator.user.id },
    ]);
    // Ended: a pause is a CONFLICT, audited as a failure.
    const conflict = errorOf(await client.request(PauseExecutionDocument, { id }));
    expect(conflict.extensions).toMatchObject({ code: 'CONFLICT' });
    expect((await auditRows('pauseExecution', id)).map((row) => row.outcome)).toEqual(['success', 'failed']);
  });

  it('is FORBIDDEN to a viewer, in GraphQL and REST, and the execution is not paused', async () => {
    const id = await start();
    const viewerToken = (await booted.signInAs('viewer')).accessToken;
    const viewer = createGraphqlClient(booted.url, { token: viewerToken });
    expect(errorOf(await viewer.request(PauseExecutionDocument, { id })).extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const action of ['pause', 'resume']) {
      const refused = await fetch(`${booted.url}/api/v1/executions/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${viewerToken}` },
      });
      expect((await problemOf(refused, 403)).code).toBe('FORBIDDEN');
    }
    expect((await booted.client.expectData(ExecutionPauseDocument, { id })).execution.paused).toBe(false);
    expect((await auditRows('pauseExecution', id)).map((row) => row.outcome)).toEqual(['denied']);
  });

  it('answers the same over REST: pause, waiting-on, resume, problem+json for an unknown or ended execution', async () => {
    const rest = restClient(booted);
    const id = await start();
    const paused = await rest.post(`/executions/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({
      id,
      status: 'RUNNING',
      paused: true,
      pausedBy: 'admin@stepgraph.test',
    });
    const reasons = (await (await rest.get(`/executions/${id}/waiting-on`)).json()) as { kind: string }[];
    expect(reasons[0]!.kind).toBe('PAUSED');
    // Idempotent: pausing again keeps the first pause.
    expect(await (await rest.post(`/executions/${id}/pause`)).json()).toMatchObject({ paused: true });

    expect((await rest.post(`/executions/${id}/stop`)).status).toBe(200);
    const ended = (await rest.get(`/executions/${id}`)).json();
    expect(await ended).toMatchObject({ status: 'ABORTED', paused: false });
    expect((await problemOf(await rest.post(`/executions/${id}/resume`), 409)).code).toBe('CONFLICT');
    const none = await rest.post('/executions/00000000-0000-4000-8000-000000000000/pause');
    expect((await problemOf(none, 404)).code).toBe('NOT_FOUND');
  });
});
