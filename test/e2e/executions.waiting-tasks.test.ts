import {
  ExecutionDocument,
  ExecutionWaitingTasksDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { createApiKey } from '../support/auth.js';
import { createGraphqlClient } from '../support/graphql-client.js';
import { waitFor } from '../support/wait.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  callbackToken,
  createMachine,
  ECHO_DEFINITION,
  errorOf,
  problemOf,
  restClient,
} from './executions.fixtures.js';

jest.setTimeout(60_000);

/** A callback task whose Parameters leave the token out: only the API can hand it over. */
const SILENT_CALLBACK_DEFINITION = {
  StartAt: 'Review',
  States: {
    Review: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'order.$': '$.order' },
      TimeoutSeconds: 3600,
      HeartbeatSeconds: 600,
      End: true,
    },
  },
};

/** Each of a Map's items waits on its own token inside the second branch of a Parallel. */
const NESTED_CALLBACK_DEFINITION = {
  StartAt: 'Split',
  States: {
    Split: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Skip', States: { Skip: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: {
                StartAt: 'Review',
                States: { Review: SILENT_CALLBACK_DEFINITION.States.Review },
              },
              End: true,
            },
          },
        },
      ],
      End: true,
    },
  },
};

describe('Execution.waitingTasks', () => {
  let booted: BootedApp;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp();
    machines.callback = await createMachine(booted.client, 'waiting-callback', CALLBACK_DEFINITION);
    machines.silent = await createMachine(booted.client, 'waiting-silent', SILENT_CALLBACK_DEFINITION);
    machines.nested = await createMachine(booted.client, 'waiting-nested', NESTED_CALLBACK_DEFINITION);
    machines.echo = await createMachine(booted.client, 'waiting-echo', ECHO_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async (machine: string) =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machines[machine], input: { order: 1 } },
      })
    ).startExecution.id;

  /** The execution's waiting tasks once there are some. */
  const awaitWaitingTasks = (id: string) =>
    waitFor(
      async () => {
        const { execution } = await booted.client.expectData(ExecutionWaitingTasksDocument, { id });
        return execution.waitingTasks.length > 0 ? execution.waitingTasks : undefined;
      },
      { what: `execution ${id} to wait on a task token` },
    );

  it('lists a task waiting on its token with the token the engine issued; answered, the list is empty', async () => {
    const id = await start('callback');
    const waiting = await awaitWaitingTasks(id);
    expect(waiting).toEqual([
      {
        stateName: 'Approve',
        branchPath: [],
        scheduledSeq: expect.any(Number),
        taskToken: await callbackToken(booted, id),
        timeoutAt: null,
        heartbeatDeadline: null,
      },
    ]);

    await booted.client.expectData(SendTaskSuccessDocument, {
      taskToken: waiting[0]!.taskToken,
      output: { approved: true },
    });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
    const { execution } = await booted.client.expectData(ExecutionWaitingTasksDocument, { id });
    expect(execution.waitingTasks).toEqual([]);
  });

  it('lists a waiting task whose Parameters do not pass the token, with its deadlines', async () => {
    const id = await start('silent');
    const [task] = await awaitWaitingTasks(id);
    expect(task).toMatchObject({ stateName: 'Review', taskToken: expect.stringMatching(/^[\w-]{43}$/) });
    // Both deadlines count from the same scheduling instant (PostgreSQL's clock).
    const timeoutAt = Date.parse(task!.timeoutAt as string);
    const heartbeatDeadline = Date.parse(task!.heartbeatDeadline as string);
    expect(timeoutAt - heartbeatDeadline).toBe((3600 - 600) * 1000);
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: task!.taskToken, output: {} });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
  });

  it('tells the Map iterations inside a Parallel branch apart by their branch path', async () => {
    const id = (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machines.nested, input: { items: [{ order: 1 }, { order: 2 }] } },
      })
    ).startExecution.id;
    const tasks = await waitFor(
      async () => {
        const { execution } = await booted.client.expectData(ExecutionWaitingTasksDocument, { id });
        return execution.waitingTasks.length === 2 ? execution.waitingTasks : undefined;
      },
      { what: `both iterations of ${id} to wait on their tokens` },
    );
    expect(tasks.map(({ stateName, branchPath }) => ({ stateName, branchPath }))).toEqual([
      { stateName: 'Review', branchPath: [1, 0] },
      { stateName: 'Review', branchPath: [1, 1] },
    ]);
    for (const task of tasks)
      await booted.client.expectData(SendTaskSuccessDocument, { taskToken: task.taskToken, output: {} });
    expect((await awaitStatus(booted.client, id)).status).toBe('SUCCEEDED');
  });

  it('is [] for an execution that waits on no token', async () => {
    const id = await start('echo');
    await awaitStatus(booted.client, id);
    const { execution } = await booted.client.expectData(ExecutionWaitingTasksDocument, { id });
    expect(execution.waitingTasks).toEqual([]);
  });

  it('is FORBIDDEN to a viewer, who still reads the execution; an unknown id is NOT_FOUND as for the execution', async () => {
    const id = await start('callback');
    await awaitWaitingTasks(id);
    const viewer = createGraphqlClient(booted.url, {
      token: (await booted.signInAs('viewer')).accessToken,
    });
    const denied = errorOf(await viewer.request(ExecutionWaitingTasksDocument, { id }));
    expect(denied.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(denied.path).toEqual(['execution', 'waitingTasks']);
    expect((await viewer.expectData(ExecutionDocument, { id })).execution.status).toBe('RUNNING');

    const unknown = errorOf(
      await viewer.request(ExecutionWaitingTasksDocument, { id: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers the same over REST, with OpenAPI, to whoever may both read the execution and answer tasks', async () => {
    const id = await start('silent');
    const [task] = await awaitWaitingTasks(id);
    const listed = await restClient(booted).get(`/executions/${id}/waiting-tasks`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([task]);

    // A viewer reads the execution but answers no task; a worker answers tasks but reads no execution.
    const viewerToken = (await booted.signInAs('viewer')).accessToken;
    const workerKey = (await createApiKey(booted.url, booted.adminToken, 'worker')).key;
    for (const credential of [viewerToken, workerKey]) {
      const refused = await fetch(`${booted.url}/api/v1/executions/${id}/waiting-tasks`, {
        headers: { authorization: `Bearer ${credential}` },
      });
      expect((await problemOf(refused, 403)).code).toBe('FORBIDDEN');
    }
    const none = await restClient(booted).get(
      '/executions/00000000-0000-4000-8000-000000000000/waiting-tasks',
    );
    expect((await problemOf(none, 404)).code).toBe('NOT_FOUND');

    const openApi = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(openApi.paths['/api/v1/executions/{id}/waiting-tasks']).toHaveProperty('get');
    expect(openApi.components.schemas.WaitingTask).toBeDefined();
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: task!.taskToken, output: {} });
  });
});
