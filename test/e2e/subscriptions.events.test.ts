import {
  executionEventsTopic,
  type ExecutionEventsNotice,
} from '../../src/notifications/execution.topics.js';
import { setPublishFilter } from '../../src/notifications/pub-sub.filter.js';
import { CATCH_UP_INTERVAL_MS, EVENT_PAGE_SIZE } from '../../src/subscriptions/subscriptions.constants.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
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
  type Recording,
} from './subscriptions.fixtures.js';

jest.setTimeout(60_000);

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

type EventData = { executionEvents: { seq: number; type: string } };

const seqsOf = (recording: Recording<EventData>) => recording.data().map((data) => data.executionEvents.seq);

describeWithRedis('executionEvents, executionUpdated and executionsChanged over Redis', (redisUrl) => {
  let booted: BootedApp;
  let socket: GraphqlSocket;
  const machines: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp({ REDIS_URL: redisUrl });
    socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    await socket.connected();
    const definitions = {
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

  it('fills the gap a lost notification left before sending anything later, without waiting for the catch-up read', async () => {
    let dropped: ExecutionEventsNotice | undefined;
    let executionId = '';
    setPublishFilter((topic, payload) => {
      const notice = payload as ExecutionEventsNotice;
      // Drop the first notification after the subscriber has seen some events live.
      if (dropped || topic !== executionEventsTopic(executionId).name || notice.fromSeq < 10) return true;
      dropped = notice;
      return false;
    });
    const execution = await start('sleepy');
    executionId = execution.id;
    const openedAt = Date.now();
    const recording = record(socket, ExecutionEventsDocument, { executionId, afterSeq: 0 });
    await completedWithin(recording);
    expect(dropped).toBeDefined();
    const history = await historyOf(booted.client, executionId);
    expect(seqsOf(recording)).toEqual(seqRange(1, history.length));
    // The events of the lost notification came with the next one, long before a catch-up read.
    const gapFilledAt = recording.received.find(
      (entry) => entry.result.data?.executionEvents.seq === dropped!.toSeq,
    )!.at;
    const nextAt = recording.received.find(
      (entry) => entry.result.data?.executionEvents.seq === dropped!.toSeq + 1,
    )!.at;
    expect(gapFilledAt).toBeLessThanOrEqual(nextAt);
    expect(recording.received.at(-1)!.at - openedAt).toBeLessThan(CATCH_UP_INTERVAL_MS);
  });

  it('sends the last events and completes though their notifications were lost, through the catch-up read', async () => {
    let executionId = '';
    const subscriber: { recording?: Recording<EventData> } = {};
    // From the fifth event the subscriber has received on, every notification of the execution is lost.
    setPublishFilter(
      (topic) =>
        topic !== executionEventsTopic(executionId).name || (subscriber.recording?.received.length ?? 0) < 5,
    );
    const execution = await start('sleepy');
    executionId = execution.id;
    const recording = record(socket, ExecutionEventsDocument, { executionId, afterSeq: 0 });
    subscriber.recording = recording;
    await completedWithin(recording, CATCH_UP_INTERVAL_MS * 4);
    const history = await historyOf(booted.client, executionId);
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
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
});
