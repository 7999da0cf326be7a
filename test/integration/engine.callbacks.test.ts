/**
 * Work done outside the engine: `.waitForTaskToken` callbacks answered by token, and activities
 * leased by workers — first answer wins, forged and stale tokens are refused (docs/testing.md R9, R10).
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import type { PubSubEngine } from 'graphql-subscriptions';
import { AppError } from '../../src/common/app-error.js';
import { activityScheduledTopic } from '../../src/notifications/execution.topics.js';
import { PUB_SUB } from '../../src/notifications/pub-sub.token.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  await engine?.close();
});

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

const callback = (extra: Record<string, unknown> = {}) =>
  machine({
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token', 'request.$': '$.request' },
      ResultPath: '$.answer',
      End: true,
      ...extra,
    },
  });

/** The token as AWS shows it: in the TaskScheduled event's parameters. */
async function scheduledToken(executionId: string, occurrence = 0): Promise<string> {
  return waitFor(async () => {
    const scheduled = (await engine.history(executionId)).filter((event) => event.type === 'TaskScheduled');
    const parameters = scheduled[occurrence]?.details.parameters;
    return typeof parameters === 'string' ? (JSON.parse(parameters) as { token: string }).token : undefined;
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe('.waitForTaskToken callbacks', () => {
  it('waits for sendTaskSuccess with $$.Task.Token, recorded in TaskScheduled', async () => {
    const executionId = await engine.run(callback(), { request: 'deploy' });
    const token = await scheduledToken(executionId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    await engine.commands.sendTaskSuccess(token, { approved: true });
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: { request: 'deploy', answer: { approved: true } },
    });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails the task with sendTaskFailure, for Catch to handle', async () => {
    const executionId = await engine.run(
      machine({
        Approve: {
          Type: 'Task',
          Resource: 'builtin:callback.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.why', Next: 'Denied' }],
          End: true,
        },
        Denied: { Type: 'Pass', End: true },
      }),
      {},
    );
    await engine.commands.sendTaskFailure(await scheduledToken(executionId), {
      error: 'Rejected',
      cause: 'no',
    });
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: { why: { Error: 'Rejected', Cause: 'no' } },
    });
  });

  it('lets the first answer win: a second answer, a failure after success, or a heartbeat gets CONFLICT and changes nothing', async () => {
    const executionId = await engine.run(callback(), { request: 'once' });
    const token = await scheduledToken(executionId);
    await engine.commands.sendTaskSuccess(token, 'first');
    await engine.ended(executionId);
    const before = await engine.history(executionId);
    for (const late of [
      engine.commands.sendTaskSuccess(token, 'second'),
      engine.commands.sendTaskFailure(token, { error: 'Late' }),
      engine.commands.sendTaskHeartbeat(token),
    ]) {
      const refused = await rejection(late);
      expect({ code: refused.code, message: refused.message }).toEqual({
        code: 'CONFLICT',
        message: 'task is no longer open',
      });
    }
    expect(await engine.history(executionId)).toEqual(before);
    expect((await engine.state(executionId)).output).toEqual({ request: 'once', answer: 'first' });
  });

  it('refuses forged and unknown tokens with NOT_FOUND', async () => {
    const executionId = await engine.run(callback(), { request: 'x' });
    const token = await scheduledToken(executionId);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [flipped, 'not-a-token', '', `${token}x`]) {
      const refused = await rejection(engine.commands.sendTaskSuccess(forged, {}));
      expect({ code: refused.code, message: refused.message }).toEqual({
        code: 'NOT_FOUND',
        message: 'task token is not valid',
      });
    }
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    await engine.commands.sendTaskSuccess(token, 'real');
    expect((await engine.ended(executionId)).status).toBe('SUCCEEDED');
  });

  it('keeps a task alive with heartbeats past its deadline, then times it out with States.HeartbeatTimeout when they stop', async () => {
    const executionId = await engine.run(callback({ HeartbeatSeconds: 2 }), { request: 'slow' });
    const token = await scheduledToken(executionId);
    /** The task's heartbeat deadline and PostgreSQL's clock now, in epoch milliseconds. */
    const deadline = async () => {
      const [row] = await engine.dataSource.query<{ deadline_ms: number; now_ms: number }[]>(
        `SELECT (extract(epoch FROM heartbeat_at) * 1000)::float8 AS deadline_ms,
                (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms
           FROM tasks WHERE token = $1`,
        [token],
      );
      return row!;
    };
    const scheduledWith = (await deadline()).deadline_ms;
    // Heartbeats every 200 ms, 10 to a deadline, until PostgreSQL's clock is past the first one:
    // each moves the deadline on (a refused one, once timed out, is retried until this fails).
    const lastDeadline = await waitFor(
      async () => {
        await engine.commands.sendTaskHeartbeat(token);
        const now = await deadline();
        return now.now_ms > scheduledWith ? now.deadline_ms : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'heartbeats past the first deadline' },
    );
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    // ...then silence: the last deadline passes.
    expect(await engine.ended(executionId)).toEqual({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    const history = await engine.history(executionId);
    expect(types(history).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
    const [timedOut] = await engine.dataSource.query<{ at_ms: number }[]>(
      `SELECT (extract(epoch FROM timestamp) * 1000)::float8 AS at_ms
         FROM execution_events WHERE execution_id = $1 AND type = 'TaskTimedOut'`,
      [executionId],
    );
    expect(timedOut!.at_ms).toBeGreaterThanOrEqual(Math.floor(lastDeadline));
    expect((await rejection(engine.commands.sendTaskSuccess(token, {}))).code).toBe('CONFLICT');
  });
});

describe('activities', () => {
  const activityMachine = (activity: string, extra: Record<string, unknown> = {}) =>
    machine({ Work: { Type: 'Task', Resource: `activity:${activity}`, End: true, ...extra } });

  it('schedules an activity task that a worker leases and answers', async () => {
    const executionId = await engine.run(activityMachine('resize'), { image: 'a.png' });
    const leased = await waitFor(() =>
      engine.commands.leaseActivityTask('resize', 'worker-1').then((task) => task ?? undefined),
    );
    expect(leased).toMatchObject({ input: { image: 'a.png' }, heartbeatSeconds: null });
    expect(await engine.commands.leaseActivityTask('resize')).toBeNull();
    await engine.commands.sendTaskSuccess(leased.taskToken, { resized: true });
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { resized: true } });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[3]?.details).toEqual({ workerName: 'worker-1' });
  });

  it('hands each task to one worker, oldest first', async () => {
    const first = await engine.run(activityMachine('queue'), { n: 1 });
    await waitFor(async () => ((await engine.history(first)).length >= 3 ? true : undefined));
    const second = await engine.run(activityMachine('queue'), { n: 2 });
    await waitFor(async () => ((await engine.history(second)).length >= 3 ? true : undefined));
    const leases = await Promise.all([1, 2, 3].map(() => engine.commands.leaseActivityTask('queue')));
    expect(leases.filter((lease) => lease !== null).map((lease) => lease?.input)).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 2 }]),
    );
    expect(leases.filter((lease) => lease === null)).toHaveLength(1);
  });

  it('times out a leased task whose worker stops heartbeating; its token is dead afterwards (docs/testing.md R9)', async () => {
    const executionId = await engine.run(activityMachine('flaky-worker', { HeartbeatSeconds: 1 }), {});
    const leased = await waitFor(() =>
      engine.commands.leaseActivityTask('flaky-worker').then((task) => task ?? undefined),
    );
    // The worker learns how often to heartbeat from the lease.
    expect(leased.heartbeatSeconds).toBe(1);
    await engine.commands.sendTaskHeartbeat(leased.taskToken);
    expect(await engine.ended(executionId)).toEqual({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect(types(await engine.history(executionId))).toContain('ActivityTimedOut');
    expect((await rejection(engine.commands.sendTaskSuccess(leased.taskToken, {}))).code).toBe('CONFLICT');
    expect((await rejection(engine.commands.sendTaskHeartbeat(leased.taskToken))).code).toBe('CONFLICT');
  });

  it('announces a scheduled activity task on its topic, for long-polling workers', async () => {
    const pubSub = engine.app.get<PubSubEngine>(PUB_SUB, { strict: false });
    const announced = new Promise<unknown>((resolve) => {
      void pubSub.subscribe(activityScheduledTopic('announced').name, resolve, {});
    });
    await engine.run(activityMachine('announced'), {});
    expect(await announced).toEqual({ activity: 'announced' });
  });

  it('refuses an activity name AWS would refuse', async () => {
    expect((await rejection(engine.commands.leaseActivityTask('has space'))).code).toBe('BAD_USER_INPUT');
  });
});
