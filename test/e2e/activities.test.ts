import { print } from 'graphql';
import { Redis } from 'ioredis';
import { activityScheduledTopic } from '../../src/notifications/execution.topics.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  GetActivityTaskDocument,
  SendTaskFailureDocument,
  SendTaskHeartbeatDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import { describeWithRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import {
  activityDefinition,
  awaitStatus,
  CALLBACK_DEFINITION,
  callbackToken,
  createMachine,
  errorOf,
  problemOf,
  restClient,
  type RestClient,
  storedExecutionRows,
} from './executions.fixtures.js';

// Executions run on the engine's workers, and long polls wait: more than Jest's default 5 s.
jest.setTimeout(30_000);

const FORGED_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Starts an execution of `machine` on `input` through GraphQL and returns its id. */
async function startOn(client: GraphqlClient, machine: string, input: unknown): Promise<string> {
  const data = await client.expectData(StartExecutionDocument, {
    input: { stateMachineName: machine, input },
  });
  return data.startExecution.id;
}

describe('activities and task tokens', () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let rest: RestClient;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    rest = restClient(booted);
    await createMachine(client, 'approval', activityDefinition('activity:approve'));
    await createMachine(
      client,
      'arn-approval',
      activityDefinition('arn:aws:states:eu-west-1:123456789012:activity:vet'),
    );
    await createMachine(client, 'callback', CALLBACK_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const getTask = async (activity: string, waitSeconds = 10) =>
    (await client.expectData(GetActivityTaskDocument, { activity, workerName: 'worker-1', waitSeconds }))
      .getActivityTask;

  it('hands a scheduled activity task to a poller, and sendTaskSuccess completes the execution', async () => {
    const id = await startOn(client, 'approval', { order: 1 });
    const task = await getTask('approve');
    expect(task).toEqual({ taskToken: expect.any(String), input: { order: 1 }, traceparent: null });
    await client.expectData(SendTaskSuccessDocument, {
      taskToken: task!.taskToken,
      output: { approved: true },
    });
    expect(await awaitStatus(client, id)).toMatchObject({ status: 'SUCCEEDED', output: { approved: true } });
  });

  it('polls by ARN or by name alike, and fails the execution through sendTaskFailure', async () => {
    const id = await startOn(client, 'arn-approval', { order: 2 });
    const task = await getTask('arn:aws:states:eu-west-1:123456789012:activity:vet');
    await client.expectData(SendTaskHeartbeatDocument, { taskToken: task!.taskToken });
    await client.expectData(SendTaskFailureDocument, {
      taskToken: task!.taskToken,
      error: 'Declined',
      cause: 'Out of stock',
    });
    expect(await awaitStatus(client, id)).toMatchObject({
      status: 'FAILED',
      error: 'Declined',
      cause: 'Out of stock',
    });
  });

  it('answers a poll with null when no task comes within waitSeconds', async () => {
    const started = Date.now();
    await expect(getTask('idle', 1)).resolves.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a forged token and a second answer, changing nothing', async () => {
    const id = await startOn(client, 'approval', { order: 3 });
    const task = await getTask('approve');
    await client.expectData(SendTaskSuccessDocument, {
      taskToken: task!.taskToken,
      output: { answer: 'first' },
    });
    const ended = await awaitStatus(client, id);
    const before = await storedExecutionRows(booted);

    const forged = errorOf(
      await client.request(SendTaskSuccessDocument, { taskToken: FORGED_TOKEN, output: {} }),
    );
    expect(forged.extensions?.code).toBe('NOT_FOUND');
    for (const request of [
      client.request(SendTaskSuccessDocument, { taskToken: task!.taskToken, output: { answer: 'second' } }),
      client.request(SendTaskFailureDocument, { taskToken: task!.taskToken, error: 'Late' }),
      client.request(SendTaskHeartbeatDocument, { taskToken: task!.taskToken }),
    ]) {
      expect(errorOf(await request).extensions?.code).toBe('CONFLICT');
    }
    expect(await storedExecutionRows(booted)).toEqual(before);
    expect(await awaitStatus(client, id)).toEqual(ended);
  });

  it('refuses an output that is not JSON text or over 256 KiB, and the task stays open', async () => {
    const id = await startOn(client, 'callback', { order: 4 });
    const taskToken = await callbackToken(booted, id);
    const before = await storedExecutionRows(booted);
    const notJson = errorOf(await client.request(SendTaskSuccessDocument, { taskToken, output: '{oops' }));
    expect(notJson).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/^output is a string that is not JSON text/),
    });
    const tooBig = errorOf(
      await client.request(SendTaskSuccessDocument, { taskToken, output: 'x'.repeat(300_000) }),
    );
    expect(tooBig.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedExecutionRows(booted)).toEqual(before);
    await client.expectData(SendTaskSuccessDocument, { taskToken, output: '{"late":false}' });
    expect(await awaitStatus(client, id)).toMatchObject({ status: 'SUCCEEDED', output: { late: false } });
  });

  describe('over REST', () => {
    it('polls an activity: 200 with the task, 204 when none came', async () => {
      const id = await startOn(client, 'approval', { order: 5 });
      const found = await rest.post(`/activities/approve/poll`, {
        workerName: 'rest-worker',
        waitSeconds: 10,
      });
      expect(found.status).toBe(200);
      const task = (await found.json()) as { taskToken: string; input: unknown };
      expect(task.input).toEqual({ order: 5 });
      const success = await rest.post(`/tasks/success`, {
        taskToken: task.taskToken,
        output: { ok: 1 },
      });
      expect(success.status).toBe(204);
      expect(await awaitStatus(client, id)).toMatchObject({ status: 'SUCCEEDED', output: { ok: 1 } });

      const none = await rest.post(`/activities/approve/poll`, { waitSeconds: 0 });
      expect(none.status).toBe(204);
      expect(await none.text()).toBe('');
    });

    it('answers a callback token: heartbeat, then success', async () => {
      const id = await startOn(client, 'callback', { order: 6 });
      const taskToken = await callbackToken(booted, id);
      expect((await rest.post(`/tasks/heartbeat`, { taskToken })).status).toBe(204);
      expect((await rest.post(`/tasks/success`, { taskToken, output: '{"approved":true}' })).status).toBe(
        204,
      );
      expect(await awaitStatus(client, id)).toMatchObject({
        status: 'SUCCEEDED',
        output: { approved: true },
      });
    });

    it('fails a callback through /tasks/failure', async () => {
      const id = await startOn(client, 'callback', { order: 7 });
      const taskToken = await callbackToken(booted, id);
      const failure = await rest.post(`/tasks/failure`, {
        taskToken,
        error: 'Rejected',
        cause: 'By a person',
      });
      expect(failure.status).toBe(204);
      expect(await awaitStatus(client, id)).toMatchObject({
        status: 'FAILED',
        error: 'Rejected',
        cause: 'By a person',
      });
    });

    it('refuses forged and stale tokens with 404 and 409, changing nothing', async () => {
      const id = await startOn(client, 'callback', { order: 8 });
      const taskToken = await callbackToken(booted, id);
      await rest.post(`/tasks/success`, { taskToken, output: {} });
      await awaitStatus(client, id);
      const before = await storedExecutionRows(booted);
      expect(
        (await problemOf(await rest.post(`/tasks/success`, { taskToken: FORGED_TOKEN, output: {} }), 404))
          .code,
      ).toBe('NOT_FOUND');
      expect((await problemOf(await rest.post(`/tasks/failure`, { taskToken }), 409)).code).toBe('CONFLICT');
      expect((await problemOf(await rest.post(`/tasks/heartbeat`, { taskToken }), 409)).code).toBe(
        'CONFLICT',
      );
      expect(await storedExecutionRows(booted)).toEqual(before);
    });

    it('refuses bodies and names that cannot be', async () => {
      const cases: [string, unknown][] = [
        ['/tasks/success', { taskToken: FORGED_TOKEN }],
        ['/tasks/success', { output: {} }],
        ['/tasks/failure', { taskToken: FORGED_TOKEN, error: 'e'.repeat(257) }],
        ['/activities/approve/poll', { waitSeconds: 61 }],
        ['/activities/has%20space/poll', {}],
      ];
      for (const [path, body] of cases) {
        expect((await problemOf(await rest.post(`${path}`, body), 400)).code).toBe('BAD_USER_INPUT');
      }
    });
  });
});

describeWithRedis('activity long polls', (redisUrl) => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let rest: RestClient;
  let redis: Redis;

  /** How many connections listen to an activity's notifications: one per waiting poll. */
  const listeners = async (activity: string) => {
    const [, count] = (await redis.pubsub('NUMSUB', activityScheduledTopic(activity).name)) as [
      string,
      number,
    ];
    return Number(count);
  };

  beforeAll(async () => {
    booted = await bootApp({ REDIS_URL: redisUrl });
    client = booted.client;
    rest = restClient(booted);
    redis = new Redis(redisUrl);
    await createMachine(client, 'pack', activityDefinition('activity:pack'));
  });

  afterAll(async () => {
    redis?.disconnect();
    await booted?.close();
  });

  it('wakes a waiting poll when a task is scheduled', async () => {
    const poll = rest.post(`/activities/pack/poll`, { waitSeconds: 30 });
    await waitFor(async () => ((await listeners('pack')) === 1 ? true : undefined), {
      what: 'the poll to wait',
    });
    const id = await startOn(client, 'pack', { box: 1 });
    const response = await poll;
    expect(response.status).toBe(200);
    const task = (await response.json()) as { taskToken: string };
    await rest.post(`/tasks/success`, {
      taskToken: task.taskToken,
      output: { packed: true },
    });
    expect(await awaitStatus(client, id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await listeners('pack')).toBe(0);
  });

  /** Starts a poll that `connection` aborts; resolves with the abort error. */
  const pollOverRest = (activity: string, connection: AbortController) =>
    rest.post(`/activities/${activity}/poll`, {}, connection.signal).catch((error: unknown) => error);

  const pollOverGraphql = (activity: string, connection: AbortController) =>
    fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${booted.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(GetActivityTaskDocument), variables: { activity } }),
      signal: connection.signal,
    }).catch((error: unknown) => error);

  it.each([
    ['REST', 'gone-rest', pollOverRest],
    ['GraphQL', 'gone-graphql', pollOverGraphql],
  ])('stops waiting when the client disconnects (%s)', async (_transport, activity, pollOver) => {
    const connection = new AbortController();
    const poll = pollOver(activity, connection);
    await waitFor(async () => ((await listeners(activity)) === 1 ? true : undefined), {
      what: 'the poll to wait',
    });
    connection.abort();
    await expect(poll).resolves.toMatchObject({ name: 'AbortError' });
    await waitFor(async () => ((await listeners(activity)) === 0 ? true : undefined), {
      what: 'the poll to end',
    });
  });

  it('ends waiting polls at shutdown instead of holding it for a minute', async () => {
    const other = await bootApp({ REDIS_URL: redisUrl });
    const poll = restClient(other).post(`/activities/shutdown/poll`);
    await waitFor(async () => ((await listeners('shutdown')) === 1 ? true : undefined), {
      what: 'the poll to wait',
    });
    await other.close();
    // Answered: a poll still open when Apollo's drain runs out (10 s) is cut off, with no answer.
    expect((await poll).status).toBe(204);
  });
});
