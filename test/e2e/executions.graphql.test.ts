import { MAX_PAYLOAD_BYTES } from '../../src/asl/payload-limits.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  ExecutionDocument,
  ExecutionsDocument,
  ExecutionWithEventsDocument,
  RedriveExecutionDocument,
  StartExecutionDocument,
  StopExecutionDocument,
  UpdateStateMachineDocument,
  type StartExecutionInput,
} from '../support/generated/graphql.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  createMachine,
  ECHO_DEFINITION,
  ECHO_HISTORY,
  errorOf,
  FAIL_ONCE_DEFINITION,
  storedExecutionRows,
} from './executions.fixtures.js';

// Executions run on the engine's workers, and long polls wait: more than Jest's default 5 s.
jest.setTimeout(30_000);

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

describe('executions over GraphQL', () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let echoId: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    echoId = await createMachine(client, 'echo', ECHO_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async (input: StartExecutionInput) =>
    (await client.expectData(StartExecutionDocument, { input })).startExecution;

  const eventsPage = async (id: string, first: number, after?: string | null) =>
    (await client.expectData(ExecutionWithEventsDocument, { id, first, after })).execution!.events;

  it('runs an execution to SUCCEEDED with its output and the history AWS records', async () => {
    const started = await start({ stateMachineName: 'echo', input: { order: 7 }, name: 'order-7' });
    expect(started).toMatchObject({
      name: 'order-7',
      input: { order: 7 },
      stateMachine: { id: echoId, name: 'echo' },
      version: 1,
      redriveCount: 0,
      parentExecutionId: null,
      trigger: { kind: 'MANUAL', scheduleId: null, webhookId: null, scheduledTime: null },
    });
    const ended = await awaitStatus(client, started.id);
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      output: { order: 7, greeting: 'hello' },
      error: null,
    });
    expect(Date.parse(ended.stoppedAt!)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt));

    const events = await eventsPage(started.id, 100);
    expect(events.totalCount).toBe(ECHO_HISTORY.length);
    expect(events.edges.map((edge) => edge.node.type)).toEqual(ECHO_HISTORY);
    expect(events.edges.map((edge) => edge.node.seq)).toEqual(ECHO_HISTORY.map((_type, index) => index + 1));
    expect(events.edges[0]!.node.details).toMatchObject({ input: '{"order":7}' });
    expect(events.edges[1]!.node).toMatchObject({
      type: 'PassStateEntered',
      stateName: 'Prepare',
      previousEventId: 1,
    });
    expect(events.edges.at(-1)!.node.details).toMatchObject({ output: '{"order":7,"greeting":"hello"}' });
  });

  it('returns the existing execution when a machine is started again with the same name', async () => {
    const first = await start({ stateMachineId: echoId, input: { order: 1 }, name: 'once-only' });
    const before = await storedExecutionRows(booted);
    const again = await start({ stateMachineName: 'echo', input: { order: 1 }, name: 'once-only' });
    expect(again.id).toBe(first.id);
    expect((await storedExecutionRows(booted)).executions).toBe(before.executions);
  });

  it('answers a start with the execution as a read then returns it, created or found', async () => {
    const passesId = await createMachine(client, 'two-passes', {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'Second' },
        Second: { Type: 'Pass', Result: 'done', End: true },
      },
    });
    const callbackId = await createMachine(client, 'waits-for-callback', CALLBACK_DEFINITION);
    const read = async (id: string) => (await client.expectData(ExecutionDocument, { id })).execution;

    // Ended within its start: SUCCEEDED with its output and stop time; blocked: RUNNING, as committed.
    const ended = await start({ stateMachineId: passesId, input: { n: 1 }, name: 'answered' });
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      output: 'done',
      stateMachine: { name: 'two-passes' },
    });
    expect(ended).toEqual(await read(ended.id));
    const waiting = await start({ stateMachineId: callbackId, input: { order: 2 } });
    expect(waiting).toMatchObject({ status: 'RUNNING', stoppedAt: null });
    expect(waiting).toEqual(await read(waiting.id));
    const found = await start({ stateMachineName: 'two-passes', input: { n: 1 }, name: 'answered' });
    expect(found).toEqual(ended);
  });

  it('runs the latest version unless told which', async () => {
    const id = await createMachine(client, 'versioned', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Result: 'one', End: true } },
    });
    await client.expectData(UpdateStateMachineDocument, {
      id,
      input: { definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'two', End: true } } } },
    });
    const latest = await start({ stateMachineId: id });
    const pinned = await start({ stateMachineId: id, version: 1 });
    expect(await awaitStatus(client, latest.id)).toMatchObject({ version: 2, output: 'two', input: {} });
    expect(await awaitStatus(client, pinned.id)).toMatchObject({ version: 1, output: 'one' });
  });

  it('lists executions newest first, a page at a time, with the total on every page', async () => {
    const machineId = await createMachine(client, 'listed', ECHO_DEFINITION);
    const started = [];
    for (let n = 0; n < 5; n++) started.push(await start({ stateMachineId: machineId, input: { order: n } }));
    const seen: { id: string; startedAt: string }[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { executions } = await client.expectData(ExecutionsDocument, {
        filter: { stateMachineId: machineId },
        first: 2,
        after,
      });
      expect(executions.totalCount).toBe(5);
      expect(executions.edges.length).toBeLessThanOrEqual(2);
      seen.push(...executions.edges.map((edge) => edge.node));
      if (!executions.pageInfo.hasNextPage) break;
      after = executions.pageInfo.endCursor;
    }
    expect(seen.map((execution) => execution.id)).toEqual(started.map((execution) => execution.id).reverse());
    const newestFirst = [...seen].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
    );
    expect(seen).toEqual(newestFirst);
  });

  it('filters executions by state machine, status and start time', async () => {
    const machineId = await createMachine(client, 'filtered', CALLBACK_DEFINITION);
    const waiting = await start({ stateMachineId: machineId, input: { order: 1 } });
    const middle = await start({ stateMachineId: machineId, input: { order: 2 } });
    const stopped = await start({ stateMachineId: machineId, input: { order: 3 } });
    await client.expectData(StopExecutionDocument, { id: stopped.id });
    const ids = async (filter: Record<string, unknown>) =>
      (
        await client.expectData(ExecutionsDocument, { filter: { stateMachineId: machineId, ...filter } })
      ).executions.edges.map((edge) => edge.node.id);

    expect(await ids({})).toEqual([stopped.id, middle.id, waiting.id]);
    expect(await ids({ status: 'ABORTED' })).toEqual([stopped.id]);
    expect(await ids({ status: 'RUNNING' })).toEqual([middle.id, waiting.id]);
    // Filters take DateTimes, precise to the millisecond; the three starts are milliseconds apart.
    const [a, b, c] = [waiting, middle, stopped].map((execution) => Date.parse(execution.startedAt));
    expect(a! < b! && b! < c!).toBe(true);
    const justAfter = (ms: number) => new Date(ms + 1).toISOString();
    expect(await ids({ startedAfter: justAfter(b!) })).toEqual([stopped.id]);
    expect(await ids({ startedBefore: new Date(b!).toISOString() })).toEqual([waiting.id]);
    expect(await ids({ startedAfter: justAfter(a!), startedBefore: new Date(c!).toISOString() })).toEqual([
      middle.id,
    ]);
    const { executions } = await client.expectData(ExecutionsDocument, { filter: { status: 'ABORTED' } });
    expect(executions.edges.every((edge) => edge.node.status === 'ABORTED')).toBe(true);
    for (const id of [waiting.id, middle.id]) await client.expectData(StopExecutionDocument, { id });
  });

  it('pages through the history in seq order', async () => {
    const { id } = await start({ stateMachineId: echoId, input: { order: 2 } });
    await awaitStatus(client, id);
    const seqs: number[] = [];
    let after: string | null | undefined;
    for (;;) {
      const page = await eventsPage(id, 4, after);
      expect(page.totalCount).toBe(ECHO_HISTORY.length);
      seqs.push(...page.edges.map((edge) => edge.node.seq));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops a running execution: it ends ABORTED with the error and cause given', async () => {
    const machineId = await createMachine(client, 'stoppable', CALLBACK_DEFINITION);
    const { id } = await start({ stateMachineId: machineId, input: { order: 5 } });
    const { stopExecution } = await client.expectData(StopExecutionDocument, {
      id,
      error: 'Cancelled',
      cause: 'The customer changed their mind',
    });
    expect(stopExecution).toMatchObject({
      id,
      status: 'ABORTED',
      error: 'Cancelled',
      cause: 'The customer changed their mind',
      stoppedAt: expect.any(String),
    });
    const events = await eventsPage(id, 100);
    expect(events.edges.at(-1)!.node).toMatchObject({
      type: 'ExecutionAborted',
      details: { error: 'Cancelled', cause: 'The customer changed their mind' },
    });
  });

  it('redrives a failed execution from the failed state to SUCCEEDED', async () => {
    const machineId = await createMachine(client, 'fails-once', FAIL_ONCE_DEFINITION);
    const { id } = await start({ stateMachineId: machineId, input: { order: 9 } });
    expect(await awaitStatus(client, id)).toMatchObject({ status: 'FAILED', error: 'Boom', redriveCount: 0 });
    const { redriveExecution } = await client.expectData(RedriveExecutionDocument, { id });
    expect(redriveExecution).toMatchObject({ id, redriveCount: 1, redrivenAt: expect.any(String) });
    expect(await awaitStatus(client, id, ['SUCCEEDED'])).toMatchObject({ output: { order: 9 }, error: null });
    const types = (await eventsPage(id, 100)).edges.map((edge) => edge.node.type);
    expect(types).toContain('ExecutionRedriven');
  });

  describe('refuses bad input with a clear error and changes nothing', () => {
    let finishedId: string;

    beforeAll(async () => {
      finishedId = (await start({ stateMachineId: echoId, input: { order: 0 } })).id;
      await awaitStatus(client, finishedId);
    });

    async function expectRefusal(
      request: () => Promise<{
        errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
      }>,
      code: string,
      message: string | RegExp,
    ): Promise<void> {
      const before = await storedExecutionRows(booted);
      const error = errorOf((await request()) as never);
      expect(error.extensions?.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(await storedExecutionRows(booted)).toEqual(before);
    }

    const startWith = (input: StartExecutionInput) => () => client.request(StartExecutionDocument, { input });

    it('an input that is a string but not JSON text', async () => {
      await expectRefusal(
        startWith({ stateMachineId: echoId, input: '{order: 1' }),
        'BAD_USER_INPUT',
        /^input is a string that is not JSON text/,
      );
    });

    it('an input over 256 KiB', async () => {
      const input = { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) };
      await expectRefusal(
        startWith({ stateMachineId: echoId, input }),
        'BAD_USER_INPUT',
        /over the limit of 262144 bytes/,
      );
    });

    it('an unknown state machine, by id or by name', async () => {
      await expectRefusal(
        startWith({ stateMachineId: UNKNOWN_ID }),
        'NOT_FOUND',
        `State machine ${UNKNOWN_ID} not found`,
      );
      await expectRefusal(
        startWith({ stateMachineName: 'nowhere' }),
        'NOT_FOUND',
        'State machine "nowhere" not found',
      );
    });

    it('an unknown version', async () => {
      await expectRefusal(startWith({ stateMachineId: echoId, version: 99 }), 'NOT_FOUND', /version/i);
    });

    it('both or neither of stateMachineId and stateMachineName', async () => {
      const message = 'Which state machine? give exactly one of stateMachineId and stateMachineName';
      await expectRefusal(
        startWith({ stateMachineId: echoId, stateMachineName: 'echo' }),
        'BAD_USER_INPUT',
        message,
      );
      await expectRefusal(startWith({ input: {} }), 'BAD_USER_INPUT', message);
    });

    it('an execution name AWS would refuse', async () => {
      await expectRefusal(
        startWith({ stateMachineId: echoId, name: 'has spaces' }),
        'BAD_USER_INPUT',
        /name must be 1 to 80 characters/,
      );
    });

    it('a stop of a finished execution', async () => {
      const before = (await client.expectData(ExecutionDocument, { id: finishedId })).execution;
      await expectRefusal(() => client.request(StopExecutionDocument, { id: finishedId }), 'CONFLICT', /.+/);
      expect((await client.expectData(ExecutionDocument, { id: finishedId })).execution).toEqual(before);
    });

    it('a redrive of a SUCCEEDED execution', async () => {
      await expectRefusal(
        () => client.request(RedriveExecutionDocument, { id: finishedId }),
        'CONFLICT',
        /.+/,
      );
    });

    it('an execution that does not exist, or an id that cannot be one', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        await expectRefusal(
          () => client.request(ExecutionDocument, { id }),
          'NOT_FOUND',
          `Execution ${id} not found`,
        );
        await expectRefusal(() => client.request(StopExecutionDocument, { id }), 'NOT_FOUND', /not found/);
        await expectRefusal(() => client.request(RedriveExecutionDocument, { id }), 'NOT_FOUND', /not found/);
      }
    });

    it('a cursor that was not issued by the list', async () => {
      await expectRefusal(
        () => client.request(ExecutionsDocument, { after: 'garbage' }),
        'BAD_USER_INPUT',
        'Invalid cursor',
      );
      const forged = Buffer.from(JSON.stringify({ startedAt: 'yesterday', id: 'x' })).toString('base64url');
      await expectRefusal(
        () => client.request(ExecutionsDocument, { after: forged }),
        'BAD_USER_INPUT',
        'Invalid cursor',
      );
    });
  });
});
