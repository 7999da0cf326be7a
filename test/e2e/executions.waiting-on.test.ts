import { DataSource } from 'typeorm';
import {
  ExecutionsWaitingOnDocument,
  ExecutionWaitingOnDocument,
  GetActivityTaskDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
  type ExecutionWaitingOnQuery,
} from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createGraphqlClient } from '../support/graphql-client.js';
import { waitFor } from '../support/wait.js';
import {
  activityDefinition,
  awaitStatus,
  CALLBACK_DEFINITION,
  createMachine,
  ECHO_DEFINITION,
  problemOf,
  restClient,
} from './executions.fixtures.js';

jest.setTimeout(60_000);

type WaitReason = ExecutionWaitingOnQuery['execution']['waitingOn'][number];

const HOUR_MS = 3600 * 1000;

const one = (state: Record<string, unknown>) => ({ StartAt: 'S', States: { S: { ...state, End: true } } });

const DEFINITIONS: Record<string, unknown> = {
  wait: one({ Type: 'Wait', Seconds: 3600 }),
  callback: {
    StartAt: 'Review',
    States: {
      Review: {
        Type: 'Task',
        Resource: 'builtin:callback.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        TimeoutSeconds: 7200,
        HeartbeatSeconds: 600,
        End: true,
      },
    },
  },
  sleep: one({ Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 3600 } }),
  retry: one({
    Type: 'Task',
    Resource: 'builtin:fail',
    Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3600, MaxAttempts: 1 }],
  }),
  map: one({
    Type: 'Map',
    ItemsPath: '$.items',
    ItemProcessor: { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } } },
  }),
  idle: activityDefinition('activity:wo-idle'),
  polled: activityDefinition('activity:wo-polled'),
  anonymous: activityDefinition('activity:wo-anonymous'),
  echo: ECHO_DEFINITION,
  child: CALLBACK_DEFINITION,
};

describe('Execution.waitingOn', () => {
  let booted: BootedApp;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp();
    for (const [name, definition] of Object.entries(DEFINITIONS))
      machines[name] = await createMachine(booted.client, `wo-${name}`, definition);
    machines.nested = await createMachine(booted.client, 'wo-nested', {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync',
          Parameters: { StateMachineArn: machines.child, Input: { order: 7 } },
          End: true,
        },
      },
    });
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async (machine: string, input: unknown = {}) =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machines[machine], input },
      })
    ).startExecution.id;

  /** The execution's reasons once `ready` holds for them. */
  const awaitReasons = (id: string, ready: (reasons: readonly WaitReason[]) => boolean) =>
    waitFor(
      async () => {
        const { execution } = await booted.client.expectData(ExecutionWaitingOnDocument, { id });
        return ready(execution.waitingOn) ? execution.waitingOn : undefined;
      },
      { what: `the waiting reasons of ${id}` },
    );

  const awaitKind = async (id: string, kind: WaitReason['kind']) =>
    (await awaitReasons(id, (reasons) => reasons.some((reason) => reason.kind === kind))).find(
      (reason) => reason.kind === kind,
    )!;

  it('names a Wait state and when it is due (TIMER)', async () => {
    const before = Date.now();
    const id = await start('wait');
    const reason = await awaitKind(id, 'TIMER');
    expect(reason).toMatchObject({ state: 'S', branchPath: [], jobState: null });
    const until = Date.parse(reason.until as string);
    expect(until - Date.parse(reason.since as string)).toBe(HOUR_MS);
    expect(until).toBeGreaterThan(before + HOUR_MS - 60_000);
    expect(reason.detail).toContain(`Wait state \`S\` waits until ${new Date(until).toISOString()}`);
  });

  it('names a task token, when it was issued and its heartbeat deadline (TASK_TOKEN)', async () => {
    const id = await start('callback');
    const reason = await awaitKind(id, 'TASK_TOKEN');
    expect(reason.state).toBe('Review');
    // HeartbeatSeconds 600 comes before TimeoutSeconds 7200; both count from the step that issued it.
    const span = Date.parse(reason.until as string) - Date.parse(reason.since as string);
    expect(span).toBeGreaterThanOrEqual(600 * 1000 - 1000);
    expect(span).toBeLessThanOrEqual(600 * 1000 + 1000);
    expect(reason.detail).toMatch(/token issued at .*; heartbeat deadline /);
  });

  it('counts the workers that polled an activity in the last minute (ACTIVITY)', async () => {
    const idle = await start('idle');
    const unpolled = await awaitKind(idle, 'ACTIVITY');
    expect(unpolled).toMatchObject({ state: 'Work', activityName: 'wo-idle', workersPolling: 0 });
    expect(unpolled.detail).toMatch(
      /^activity `wo-idle` queued since .*; no worker polled it in the last minute\.$/,
    );

    // A worker polls while nothing is queued, then a task comes: it waits with that worker polling.
    const none = await booted.client.expectData(GetActivityTaskDocument, {
      activity: 'wo-polled',
      workerName: 'resizer-1',
      waitSeconds: 0,
    });
    expect(none.getActivityTask).toBeNull();
    const polled = await start('polled');
    const reason = await awaitKind(polled, 'ACTIVITY');
    expect(reason).toMatchObject({ activityName: 'wo-polled', workersPolling: 1, workerName: null });
    expect(reason.detail).toContain('1 worker polled it in the last minute');
    const taken = await booted.client.expectData(GetActivityTaskDocument, {
      activity: 'wo-polled',
      workerName: 'resizer-1',
      waitSeconds: 0,
    });
    const started = await awaitReasons(polled, (reasons) => reasons[0]?.workerName === 'resizer-1');
    expect(started[0]!.detail).toMatch(/taken by worker `resizer-1`/);
    await booted.client.expectData(SendTaskSuccessDocument, {
      taskToken: taken.getActivityTask!.taskToken,
      output: {},
    });
    expect((await awaitStatus(booted.client, polled)).status).toBe('SUCCEEDED');
  });

  it('counts a named worker once however often it polls, and polls without a name as one worker', async () => {
    const poll = (workerName: string | null) =>
      booted.client.expectData(GetActivityTaskDocument, {
        activity: 'wo-anonymous',
        workerName,
        waitSeconds: 0,
      });
    for (const workerName of [null, null, 'packer-1', 'packer-1'])
      expect((await poll(workerName)).getActivityTask).toBeNull();
    const id = await start('anonymous');
    expect(await awaitKind(id, 'ACTIVITY')).toMatchObject({
      activityName: 'wo-anonymous',
      workersPolling: 2,
    });
  });

  it('names a nested execution and its status (CHILD_EXECUTION)', async () => {
    const id = await start('nested');
    const reason = await awaitKind(id, 'CHILD_EXECUTION');
    expect(reason).toMatchObject({
      state: 'Call',
      childStatus: 'RUNNING',
      childExecutionId: expect.any(String),
    });
    const child = await booted.client.expectData(ExecutionWaitingOnDocument, {
      id: reason.childExecutionId!,
    });
    expect(child.execution.waitingOn.map(({ kind }) => kind)).toEqual(['TASK_TOKEN']);
  });

  it("counts a Map's iterations by status, each iteration with its own reason (MAP_ITERATIONS)", async () => {
    const id = await start('map', { items: [1, 2, 3] });
    const reasons = await awaitReasons(
      id,
      (found) => found.filter(({ kind }) => kind === 'TIMER').length === 3,
    );
    expect(reasons.map(({ kind, state, branchPath }) => ({ kind, state, branchPath }))).toEqual([
      { kind: 'MAP_ITERATIONS', state: 'S', branchPath: [] },
      { kind: 'TIMER', state: 'Nap', branchPath: [0] },
      { kind: 'TIMER', state: 'Nap', branchPath: [1] },
      { kind: 'TIMER', state: 'Nap', branchPath: [2] },
    ]);
    expect(reasons[0]!.iterations).toEqual([{ status: 'RUNNING', count: 3 }]);
    expect(reasons[0]!.detail).toBe('`S` waits for its 3 iterations or branches: 3 RUNNING.');
  });

  it('names a retry backoff and when it ends (RETRY_BACKOFF)', async () => {
    const id = await start('retry');
    const reason = await awaitKind(id, 'RETRY_BACKOFF');
    expect(reason.state).toBe('S');
    expect(Date.parse(reason.until as string) - Date.parse(reason.since as string)).toBeGreaterThan(
      HOUR_MS - 60_000,
    );
    expect(reason.detail).toContain('retries at');
  });

  it('names an engine job, its state and when it is due (JOB), also over REST to executions:read', async () => {
    const id = await start('sleep');
    const reason = await awaitKind(id, 'JOB');
    expect(reason).toMatchObject({ state: 'S', jobState: 'created' });
    expect(Date.parse(reason.until as string) - Date.parse(reason.since as string)).toBeGreaterThan(
      HOUR_MS - 60_000,
    );
    expect(reason.detail).toMatch(
      /^task `S` \(builtin\) waits for its engine job: stepgraph\.transition job created for \d+ s, due at /,
    );

    const viewer = (await booted.signInAs('viewer')).accessToken;
    const listed = await fetch(`${booted.url}/api/v1/executions/${id}/waiting-on`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(listed.status).toBe(200);
    const [rest] = (await listed.json()) as Record<string, unknown>[];
    expect(rest).toMatchObject({
      kind: 'JOB',
      state: 'S',
      jobState: 'created',
      until: reason.until,
      since: reason.since,
    });
    const none = await restClient(booted).get('/executions/00000000-0000-4000-8000-000000000000/waiting-on');
    expect((await problemOf(none, 404)).code).toBe('NOT_FOUND');
    const viewerClient = createGraphqlClient(booted.url, { token: viewer });
    expect(
      (await viewerClient.expectData(ExecutionWaitingOnDocument, { id })).execution.waitingOn,
    ).toHaveLength(1);
  });

  it('says so when the job a task waits for is gone (JOB without a job)', async () => {
    const id = await start('sleep');
    await awaitKind(id, 'JOB');
    // What a lost job looks like: the task stays open with nothing queued to run it.
    await booted.app
      .get(DataSource)
      .query(`DELETE FROM pgboss.job WHERE data->>'executionId' = $1 AND data->>'kind' = 'task'`, [id]);
    const { execution } = await booted.client.expectData(ExecutionWaitingOnDocument, { id });
    expect(execution.waitingOn).toMatchObject([
      {
        kind: 'JOB',
        state: 'S',
        jobState: null,
        since: null,
        until: null,
        detail: 'task `S` (builtin) waits for its engine job, but no engine job is queued for it.',
      },
    ]);
  });

  it('is [] once an execution ended, and is read for a whole page', async () => {
    const ended = await start('echo', { order: 1 });
    await awaitStatus(booted.client, ended);
    const { execution } = await booted.client.expectData(ExecutionWaitingOnDocument, { id: ended });
    expect(execution.waitingOn).toEqual([]);

    const waiting = await start('wait');
    await awaitKind(waiting, 'TIMER');
    const page = await booted.client.expectData(ExecutionsWaitingOnDocument, { first: 100 });
    const byId = new Map(page.executions.edges.map(({ node }) => [node.id, node.waitingOn]));
    expect(byId.get(ended)).toEqual([]);
    expect(byId.get(waiting)).toEqual([{ kind: 'TIMER', state: 'S' }]);
  });
});
