/**
 * @stepgraph/worker against the real service (booted as the e2e tier boots it): concurrency,
 * failures, heartbeats and ctx.signal, reports that lose their answer. Drain on SIGTERM is in
 * worker.drain.test.ts, callbacks in callbacks.test.ts.
 */
import { DataSource } from 'typeorm';
import { StopExecutionDocument } from '../../../test/support/generated/graphql.js';
import { waitFor } from '../../../test/support/wait.js';
import { createWorker, type ActivityContext, type Worker, type WorkerErrorContext } from '../src/index.js';
import { startCuttingProxy, type CuttingProxy } from './support/cutting-proxy.js';
import { bootWorkerHarness, type WorkerHarness } from './support/worker-harness.js';

jest.setTimeout(120_000);

function taskOn(activity: string, extra: Record<string, unknown> = {}) {
  return {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: `activity:${activity}`, End: true, ...extra } },
  };
}

/** A promise with its resolve, for handlers that wait for the test. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('@stepgraph/worker', () => {
  let harness: WorkerHarness;
  const workers: Worker[] = [];
  const proxies: CuttingProxy[] = [];
  const workerErrors: { error: unknown; context: WorkerErrorContext }[] = [];

  /** A worker of the test's: stopped after each test, errors collected. */
  const startWorker = (
    options: Omit<Parameters<typeof createWorker>[0], 'url' | 'apiKey'> & { url?: string },
  ) => {
    const worker = createWorker({
      url: harness.url,
      apiKey: harness.workerKey,
      pollWaitSeconds: 5,
      stopOnSignals: [],
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      onError: (error, context) => workerErrors.push({ error, context }),
      ...options,
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    harness = await bootWorkerHarness();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop({ timeoutMs: 0 })));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    workerErrors.splice(0);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('drains 100 tasks with concurrency 4: never more than 4 in flight, each handled and reported once', async () => {
    await harness.createMachine('hundred', taskOn('hundred'));
    const ids = await Promise.all(Array.from({ length: 100 }, (_, n) => harness.start('hundred', { n })));
    let inFlight = 0;
    let maxInFlight = 0;
    const handled: number[] = [];
    const worker = startWorker({
      concurrency: 4,
      activities: {
        hundred: async (input: { n: number }) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          // Work that lasts until four tasks overlap (or briefly, for the last few): the limit,
          // not the handler's speed, is what keeps a fifth out.
          await waitFor(() => (inFlight >= 4 ? true : undefined), { timeoutMs: 200, intervalMs: 5 }).catch(
            () => undefined,
          );
          handled.push(input.n);
          inFlight -= 1;
          return { doubled: input.n * 2 };
        },
      },
    });

    await waitFor(
      async () => ((await harness.statusCounts('hundred')).SUCCEEDED === 100 ? true : undefined),
      {
        timeoutMs: 90_000,
        what: '100 executions to succeed',
      },
    );
    expect(maxInFlight).toBe(4);
    expect(worker.inFlight).toBeLessThanOrEqual(4);
    expect(handled.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n));
    const [first] = ids;
    expect(await harness.awaitEnd(first!)).toMatchObject({ status: 'SUCCEEDED', output: { doubled: 0 } });
    const [row] = await harness.booted.app.get(DataSource).query<{ events: number; executions: number }[]>(
      `SELECT count(*)::int AS events, count(DISTINCT execution_id)::int AS executions
         FROM execution_events WHERE type = 'ActivitySucceeded' AND execution_id = ANY($1)`,
      [ids],
    );
    expect(row).toEqual({ events: 100, executions: 100 });
    expect(workerErrors).toEqual([]);
  });

  it("fails the task with a thrown error's name as the ASL error and its message as the cause", async () => {
    class PaymentDeclined extends Error {
      override name = 'PaymentDeclined';
    }
    await harness.createMachine('charge', taskOn('charge'));
    const id = await harness.start('charge', { card: '4242' });
    startWorker({
      activities: {
        charge: (input: { card: string }) => {
          throw new PaymentDeclined(`card ${input.card} declined`);
        },
      },
    });

    expect(await harness.awaitEnd(id)).toMatchObject({
      status: 'FAILED',
      error: 'PaymentDeclined',
      cause: 'card 4242 declined',
    });
    expect(await harness.history(id, ['ActivityFailed', 'ActivitySucceeded'])).toEqual([
      {
        type: 'ActivityFailed',
        details: expect.objectContaining({ error: 'PaymentDeclined', cause: 'card 4242 declined' }),
      },
    ]);
  });

  it('keeps a string output a string, and fails an output JSON cannot carry with Worker.InvalidOutput', async () => {
    await harness.createMachine('outputs', taskOn('outputs'));
    const text = await harness.start('outputs', { kind: 'text' });
    const bigint = await harness.start('outputs', { kind: 'bigint' });
    startWorker({
      activities: {
        outputs: (input: { kind: string }) => (input.kind === 'text' ? '{"looks":"like JSON"}' : 1n),
      },
    });

    expect(await harness.awaitEnd(text)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"looks":"like JSON"}',
    });
    expect(await harness.awaitEnd(bigint)).toMatchObject({
      status: 'FAILED',
      error: 'Worker.InvalidOutput',
      cause: expect.stringContaining('the output is not JSON'),
    });
  });

  it('heartbeats on its own at a third of HeartbeatSeconds, keeping a long task alive', async () => {
    await harness.createMachine('long', taskOn('long', { HeartbeatSeconds: 1 }));
    const id = await harness.start('long', {});
    const dataSource = harness.booted.app.get(DataSource);
    const heartbeatAt = async () =>
      (
        await dataSource.query<{ at: string | null }[]>(
          `SELECT heartbeat_at::text AS at FROM tasks WHERE execution_id = $1 AND status = 'STARTED'`,
          [id],
        )
      )[0]?.at;
    let seenHeartbeatSeconds: number | null = null;
    startWorker({
      activities: {
        // Runs until the test has seen three heartbeats: three times HeartbeatSeconds at least.
        long: async (_input, ctx: ActivityContext) => {
          seenHeartbeatSeconds = ctx.heartbeatSeconds;
          const seen = new Set<string>();
          await waitFor(
            async () => {
              const at = await heartbeatAt();
              if (at) seen.add(at);
              return seen.size >= 4 ? true : undefined;
            },
            { timeoutMs: 20_000, what: 'three heartbeats' },
          );
          return { alive: !ctx.signal.aborted };
        },
      },
    });

    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'SUCCEEDED', output: { alive: true } });
    expect(seenHeartbeatSeconds).toBe(1);
    expect(await harness.history(id, ['ActivityTimedOut'])).toEqual([]);
  });

  it('aborts ctx.signal when the task times out on its heartbeat, and reports nothing after', async () => {
    const proxy = await startCuttingProxy(harness.url);
    proxies.push(proxy);
    await harness.createMachine('partitioned', taskOn('partitioned', { HeartbeatSeconds: 1 }));
    const id = await harness.start('partitioned', {});
    const started = deferred();
    const aborted = deferred<unknown>();
    startWorker({
      url: proxy.url,
      activities: {
        partitioned: async (_input, ctx: ActivityContext) => {
          started.resolve();
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          aborted.resolve(ctx.signal.reason);
          return { late: true };
        },
      },
    });
    await started.promise;
    // The network between worker and service goes: heartbeats fail, HeartbeatSeconds passes.
    proxy.cut();
    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    proxy.restore();

    // The next heartbeat that gets through learns that the task is closed.
    expect(await aborted.promise).toMatchObject({ name: 'Worker.TaskClosed' });
    expect(workerErrors.some(({ context }) => context.during === 'heartbeat')).toBe(true);
    await waitFor(() => (workers[0]!.inFlight === 0 ? true : undefined), { what: 'the task to be let go' });
    expect(proxy.requestsMatching('sendTaskSuccess')).toBe(0);
    expect(await harness.history(id, ['ActivityTimedOut', 'ActivitySucceeded', 'ActivityFailed'])).toEqual([
      { type: 'ActivityTimedOut', details: expect.objectContaining({ error: 'States.HeartbeatTimeout' }) },
    ]);
  });

  it('aborts ctx.signal when the execution is stopped under the task', async () => {
    await harness.createMachine('stoppable', taskOn('stoppable', { HeartbeatSeconds: 3 }));
    const id = await harness.start('stoppable', {});
    const started = deferred();
    const aborted = deferred<unknown>();
    startWorker({
      activities: {
        stoppable: async (_input, ctx: ActivityContext) => {
          started.resolve();
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          aborted.resolve(ctx.signal.reason);
        },
      },
    });
    await started.promise;
    await harness.booted.client.expectData(StopExecutionDocument, { id, error: 'Cancelled' });

    expect(await aborted.promise).toMatchObject({ name: 'Worker.TaskClosed' });
    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'ABORTED' });
  });

  it('retries a report whose answer the network lost, and the task succeeds once', async () => {
    const proxy = await startCuttingProxy(harness.url);
    proxies.push(proxy);
    await harness.createMachine('flaky-network', taskOn('flaky-network'));
    const id = await harness.start('flaky-network', { order: 7 });
    proxy.loseNextAnswerTo('sendTaskSuccess');
    let calls = 0;
    const worker = startWorker({
      url: proxy.url,
      activities: {
        'flaky-network': (input: { order: number }) => {
          calls += 1;
          return { shipped: input.order };
        },
      },
    });

    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'SUCCEEDED', output: { shipped: 7 } });
    await waitFor(
      () => (proxy.requestsMatching('sendTaskSuccess') === 2 && worker.inFlight === 0 ? true : undefined),
      {
        what: 'the report to be sent again and settled',
      },
    );
    expect(calls).toBe(1);
    // The first report reached the server; its answer was lost; the second got "no longer open".
    expect(workerErrors).toEqual([
      {
        error: expect.objectContaining({ name: 'NetworkError' }),
        context: expect.objectContaining({ during: 'report' }),
      },
    ]);
    expect(await harness.history(id, ['ActivitySucceeded', 'ActivityFailed'])).toEqual([
      { type: 'ActivitySucceeded', details: expect.anything() },
    ]);
  });

  it('refuses options it cannot work with, naming each problem', () => {
    expect(() => createWorker({ url: '', apiKey: 'k', activities: {}, concurrency: 0 })).toThrow(
      'createWorker: url is required; activities must name at least one activity; concurrency must be a positive integer',
    );
  });
});
