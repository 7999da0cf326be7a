import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  allExecutionsChangedTopic,
  executionEventsTopic,
  type ExecutionEventsNotice,
} from '../../src/notifications/execution.topics.js';
import { setPublishFilter } from '../../src/notifications/pub-sub.filter.js';
import { EVENT_PAGE_SIZE } from '../../src/subscriptions/subscriptions.constants.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  AllExecutionsChangedDocument,
  ExecutionEventsDocument,
  ExecutionsChangedDocument,
  ExecutionUpdatedDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
} from '../support/generated/graphql.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { describeWithRedis } from '../support/redis.js';
import { seededRandomFor } from '../support/test-seed.js';
import { waitFor } from '../support/wait.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  callbackToken,
  createMachine,
  ECHO_DEFINITION,
} from './executions.fixtures.js';
import {
  completedWithin,
  historyOf,
  passLoop,
  record,
  seqRange,
  sleepLoop,
  TWO_APPROVALS,
  type Recording,
} from './subscriptions.fixtures.js';

jest.setTimeout(60_000);

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';
/**
 * The catch-up read of the app most tests use comes only every hour: what a subscriber receives
 * after its first read was announced by a notification, and a test that awaits it (with a
 * deadline) proves the live path, however slow the machine.
 */
const NEVER_CATCH_UP = { SUBSCRIPTION_CATCH_UP_INTERVAL_MS: '3600000' };

type EventData = { executionEvents: { seq: number; type: string } };

const seqsOf = (recording: Recording<EventData>) => recording.data().map((data) => data.executionEvents.seq);

describeWithRedis('executionEvents, executionUpdated and executionsChanged over Redis', (redisUrl) => {
  let booted: BootedApp;
  let socket: GraphqlSocket;
  let redis: Redis;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp({ REDIS_URL: redisUrl, ...NEVER_CATCH_UP });
    redis = new Redis(redisUrl);
    socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    const definitions = {
      approvals: TWO_APPROVALS,
      callback: CALLBACK_DEFINITION,
      echo: ECHO_DEFINITION,
      sleepy: sleepLoop(6, 0.15),
      long: passLoop(Math.ceil((EVENT_PAGE_SIZE * 2.5) / 4)),
    };
    for (const [name, definition] of Object.entries(definitions))
      machines[name] = await createMachine(booted.client, name, definition);
  });

  afterEach(() => setPublishFilter(undefined));

  afterAll(async () => {
    redis?.disconnect();
    await socket?.close();
    await booted?.close();
  });

  // CALLBACK_DEFINITION and ECHO_DEFINITION read `$.order`.
  const start = async (stateMachineName: string) =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineName, input: { order: 1 } },
      })
    ).startExecution;

  it('replays the events after afterSeq, then sends live ones, without gap or repeat, and completes after the last', async () => {
    const execution = await start('callback');
    const token = await callbackToken(booted, execution.id);
    const before = await historyOf(booted.client, execution.id);
    const recording = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 2 });
    await recording.untilCount(before.length - 2);
    expect(recording.isComplete()).toBe(false);
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { approved: true } });
    await completedWithin(recording);
    const history = await historyOf(booted.client, execution.id);
    expect(history.length).toBeGreaterThan(before.length);
    expect(recording.data().map((data) => data.executionEvents)).toEqual(
      history.slice(2).map(({ seq, type }) => expect.objectContaining({ seq, type })),
    );
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('gives every subscriber exactly the history after its afterSeq, whenever it subscribes during a run', async () => {
    const random = seededRandomFor('subscribers opening during a run');
    const execution = await start('sleepy');
    const recordings: Array<{ afterSeq: number; recording: Recording<EventData> }> = [];
    for (let index = 0; index < 12; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, random.between(0, 80)));
      const known = (await historyOf(booted.client, execution.id)).length;
      const afterSeq = random.between(0, known);
      recordings.push({
        afterSeq,
        recording: record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq }),
      });
    }
    await Promise.all(recordings.map(({ recording }) => completedWithin(recording)));
    const last = (await historyOf(booted.client, execution.id)).length;
    for (const { afterSeq, recording } of recordings) {
      expect({ afterSeq, seqs: seqsOf(recording) }).toEqual({ afterSeq, seqs: seqRange(afterSeq + 1, last) });
    }
  });

  it(`replays a history longer than a page (${EVENT_PAGE_SIZE} events) in order, then completes`, async () => {
    const execution = await start('long');
    await awaitStatus(booted.client, execution.id);
    const history = await historyOf(booted.client, execution.id);
    expect(history.length).toBeGreaterThan(EVENT_PAGE_SIZE * 2);
    const recording = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: 0 });
    await completedWithin(recording);
    expect(seqsOf(recording)).toEqual(seqRange(1, history.length));
  });

  /** The task tokens of the execution's first `count` TaskScheduled events, in order. */
  const scheduledTokens = (executionId: string, count: number) =>
    waitFor(
      async () => {
        const rows = await booted.app
          .get(DataSource)
          .query<{ details: { parameters: string } }[]>(
            `SELECT details FROM execution_events WHERE execution_id = $1 AND type = 'TaskScheduled' ORDER BY seq`,
            [executionId],
          );
        return rows.length >= count
          ? rows.map((row) => (JSON.parse(row.details.parameters) as { token: string }).token)
          : undefined;
      },
      { what: `${count} scheduled tasks of execution ${executionId}` },
    );

  /** Waits until the app's Redis subscription to the execution's events is in place. */
  const subscribedInRedis = (executionId: string) =>
    waitFor(async () => {
      const [, count] = (await redis.pubsub('NUMSUB', executionEventsTopic(executionId).name)) as [
        string,
        number,
      ];
      return count > 0 ? true : undefined;
    });

  it('fills the gap a lost notification left with the next notification, before anything later, not at a catch-up read', async () => {
    let executionId = '';
    let dropNext = false;
    let dropped: ExecutionEventsNotice | undefined;
    setPublishFilter((topic, payload) => {
      if (!dropNext || topic !== executionEventsTopic(executionId).name) return true;
      dropNext = false;
      dropped = payload as ExecutionEventsNotice;
      return false;
    });
    executionId = (await start('approvals')).id;
    const recording = record(socket, ExecutionEventsDocument, { executionId, afterSeq: 0 });
    const [first] = await scheduledTokens(executionId, 1);
    await subscribedInRedis(executionId);
    await waitFor(() =>
      recording.data().some((data) => data.executionEvents.type === 'TaskScheduled') ? true : undefined,
    );
    // The events of the first answer are announced to nobody.
    dropNext = true;
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: first!, output: { n: 1 } });
    await waitFor(() => dropped);
    const [, second] = await scheduledTokens(executionId, 2);
    // The second answer's notification starts past the last seq the subscriber read: the gap is
    // read with it, since no catch-up read comes within the hour.
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: second!, output: { n: 2 } });
    await completedWithin(recording);
    const history = await historyOf(booted.client, executionId);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    // The lost notification's events came, in order, with the next one's.
    expect(seqsOf(recording)).toEqual(seqRange(1, history.length));
  });

  it('completes at once when the execution has ended and nothing follows afterSeq', async () => {
    const execution = await start('echo');
    await awaitStatus(booted.client, execution.id);
    const last = (await historyOf(booted.client, execution.id)).length;
    const recording = record(socket, ExecutionEventsDocument, { executionId: execution.id, afterSeq: last });
    await completedWithin(recording, 5000);
    expect(recording.received).toEqual([]);
  });

  it.each([
    [
      'executionEvents',
      'an unknown id',
      ExecutionEventsDocument,
      { executionId: UNKNOWN_ID },
      `Execution ${UNKNOWN_ID}`,
    ],
    [
      'executionEvents',
      'an id that cannot be one',
      ExecutionEventsDocument,
      { executionId: 'x' },
      'Execution x',
    ],
    [
      'executionUpdated',
      'an unknown id',
      ExecutionUpdatedDocument,
      { id: UNKNOWN_ID },
      `Execution ${UNKNOWN_ID}`,
    ],
    [
      'executionsChanged',
      'an unknown id',
      ExecutionsChangedDocument,
      { stateMachineId: UNKNOWN_ID },
      `State machine ${UNKNOWN_ID}`,
    ],
  ] as const)('answers %s of %s with NOT_FOUND', async (field, _label, document, variables, subject) => {
    const recording = record(socket, document as never, variables as never);
    await completedWithin(recording, 5000);
    expect(recording.received.map((entry) => entry.result)).toEqual([
      {
        errors: [
          expect.objectContaining({
            message: `${subject} not found`,
            path: [field],
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ],
      },
    ]);
  });

  it('refuses a negative afterSeq as bad input', async () => {
    const recording = record(socket, ExecutionEventsDocument, { executionId: UNKNOWN_ID, afterSeq: -1 });
    await completedWithin(recording, 5000);
    expect(recording.received[0]?.result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('sends the execution at once and on every status change, then completes when it ends', async () => {
    const execution = await start('callback');
    const token = await callbackToken(booted, execution.id);
    const recording = record(socket, ExecutionUpdatedDocument, { id: execution.id });
    await recording.untilCount(1);
    expect(recording.data()[0]?.executionUpdated).toMatchObject({ id: execution.id, status: 'RUNNING' });
    await booted.client.expectData(SendTaskSuccessDocument, { taskToken: token, output: { done: 1 } });
    await completedWithin(recording);
    expect(recording.data().map((data) => data.executionUpdated)).toEqual([
      expect.objectContaining({ status: 'RUNNING', output: null }),
      expect.objectContaining({ status: 'SUCCEEDED', output: { done: 1 } }),
    ]);
  });

  it('tells a state machine’s subscribers about its executions starting and ending, and nothing of other machines', async () => {
    const recording = record(socket, ExecutionsChangedDocument, { stateMachineId: machines.sleepy! });
    // Nothing tells the client when the server is listening: start executions until one is seen.
    await waitFor(
      async () => {
        await start('sleepy');
        await waitFor(() => (recording.received.length > 0 ? true : undefined), { timeoutMs: 1000 });
        return true;
      },
      { what: 'executionsChanged to deliver anything' },
    );
    const [mine, other] = [await start('sleepy'), await start('echo')];
    await Promise.all([awaitStatus(booted.client, mine.id), awaitStatus(booted.client, other.id)]);
    const statusesOf = (id: string) =>
      recording
        .data()
        .filter((data) => data.executionsChanged.id === id)
        .map((data) => data.executionsChanged.status);
    await waitFor(() => (statusesOf(mine.id).includes('SUCCEEDED') ? true : undefined));
    recording.stop();
    expect(statusesOf(mine.id)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(statusesOf(other.id)).toEqual([]);
  });

  it('tells a subscriber without a state machine about the executions of every machine, each change once', async () => {
    const recording = record(socket, AllExecutionsChangedDocument, {});
    await waitFor(
      async () => {
        await start('echo');
        await waitFor(() => (recording.received.length > 0 ? true : undefined), { timeoutMs: 1000 });
        return true;
      },
      { what: 'executionsChanged without a state machine to deliver anything' },
    );
    const [a, b] = [await start('sleepy'), await start('echo')];
    await Promise.all([awaitStatus(booted.client, a.id), awaitStatus(booted.client, b.id)]);
    const changesOf = (id: string) =>
      recording
        .data()
        .filter((data) => data.executionsChanged.id === id)
        .map((data) => [data.executionsChanged.stateMachine.id, data.executionsChanged.status]);
    await waitFor(() =>
      changesOf(a.id).length === 2 && changesOf(b.id).some(([, status]) => status === 'SUCCEEDED')
        ? true
        : undefined,
    );
    recording.stop();
    expect(recording.received.filter((entry) => entry.result.errors)).toEqual([]);
    expect(changesOf(a.id)).toEqual([
      [machines.sleepy, 'RUNNING'],
      [machines.sleepy, 'SUCCEEDED'],
    ]);
    // The echo ends in the transaction that starts it: one notice may announce it already ended.
    expect([
      [
        [machines.echo, 'RUNNING'],
        [machines.echo, 'SUCCEEDED'],
      ],
      [[machines.echo, 'SUCCEEDED']],
    ]).toContainEqual(changesOf(b.id));
  });
});

describeWithRedis(
  'executionEvents when notifications are lost, with a catch-up read every 200 ms',
  (redisUrl) => {
    let booted: BootedApp;
    let socket: GraphqlSocket;

    beforeAll(async () => {
      booted = await bootApp({ REDIS_URL: redisUrl, SUBSCRIPTION_CATCH_UP_INTERVAL_MS: '200' });
      socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
      await socket.connected();
    });

    afterEach(() => setPublishFilter(undefined));

    afterAll(async () => {
      await socket?.close();
      await booted?.close();
    });

    it('sends the last events and completes though their notifications were lost, through the catch-up read', async () => {
      let executionId = '';
      const subscriber: { recording?: Recording<EventData> } = {};
      // From the fifth event the subscriber has received on, every notification of the execution is lost.
      setPublishFilter(
        (topic) =>
          topic !== executionEventsTopic(executionId).name ||
          (subscriber.recording?.received.length ?? 0) < 5,
      );
      const machineId = await createMachine(booted.client, 'sleepy', sleepLoop(6, 0.15));
      const { startExecution: execution } = await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineId: machineId },
      });
      executionId = execution.id;
      const recording = record(socket, ExecutionEventsDocument, { executionId, afterSeq: 0 });
      subscriber.recording = recording;
      await completedWithin(recording);
      const history = await historyOf(booted.client, executionId);
      expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(seqsOf(recording)).toEqual(seqRange(1, history.length));
    });

    it('tells a subscriber without a state machine about executions of several machines whose notifications were all lost, through the catch-up read', async () => {
      const [a, b] = [
        await createMachine(booted.client, 'lost-a', ECHO_DEFINITION),
        await createMachine(booted.client, 'lost-b', sleepLoop(2, 0.1)),
      ];
      const recording = record(socket, AllExecutionsChangedDocument, {});
      // The first execution opens the channel; none of the notifications on every execution's topic arrives.
      setPublishFilter((topic) => topic !== allExecutionsChangedTopic().name);
      const started: Record<string, string> = {};
      const machineOf = (id: string) => (id === started.a ? a : b);
      const endedOf = (id: string) =>
        recording
          .data()
          .find((data) => data.executionsChanged.id === id && data.executionsChanged.status === 'SUCCEEDED');
      await waitFor(
        async () => {
          started.a = (
            await booted.client.expectData(StartExecutionDocument, {
              input: { stateMachineId: a, input: { order: 1 } },
            })
          ).startExecution.id;
          await waitFor(() => endedOf(started.a!), { timeoutMs: 2000 });
          return true;
        },
        { what: 'the catch-up read to deliver an execution' },
      );
      started.b = (
        await booted.client.expectData(StartExecutionDocument, { input: { stateMachineId: b } })
      ).startExecution.id;
      await waitFor(() => endedOf(started.b!));
      recording.stop();
      for (const id of [started.a!, started.b!]) {
        expect(endedOf(id)?.executionsChanged.stateMachine.id).toBe(machineOf(id));
      }
      // Each change arrives once, however many catch-up reads saw it.
      const seen = recording
        .data()
        .map((data) => `${data.executionsChanged.id}:${data.executionsChanged.status}`);
      expect(new Set(seen).size).toBe(seen.length);
    });
  },
);
