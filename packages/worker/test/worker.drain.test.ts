/**
 * Graceful drain of a worker process on SIGTERM (issue 15): it stops polling, a task that finishes
 * within the deadline is reported as usual, one that does not is failed with Worker.Shutdown for
 * the state's Retry, and the process exits 0.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '../../../test/support/wait.js';
import { bootWorkerHarness, type WorkerHarness } from './support/worker-harness.js';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../..');

describe('a worker process on SIGTERM', () => {
  let harness: WorkerHarness;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    harness = await bootWorkerHarness();
  });

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await harness?.close();
  });

  it('lets an in-flight task finish, fails the one past the deadline with Worker.Shutdown, and exits 0', async () => {
    await harness.createMachine('drain', {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: 'activity:drain', End: true } },
    });
    const finishing = await harness.start('drain', { order: 1 });
    const stuck = await harness.start('drain', { order: 2 });

    const started: number[] = [];
    let stderr = '';
    child = fork(resolve(__dirname, 'fixtures/drain-worker.ts'), {
      cwd: ROOT,
      execArgv: ['--conditions=@stepgraph/source', '--import', './scripts/typescript-loader.mjs'],
      env: {
        ...process.env,
        STEPGRAPH_URL: harness.url,
        STEPGRAPH_TOKEN: harness.workerKey,
        SHUTDOWN_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let stopping = false;
    child.on('message', (message: { started?: number; stopping?: boolean }) => {
      if (message.started !== undefined) started.push(message.started);
      if (message.stopping) stopping = true;
    });
    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));
    await waitFor(() => (started.length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'both tasks to start',
    });

    child.kill('SIGTERM');
    await waitFor(() => (stopping ? true : undefined), { what: 'the worker to begin its drain' });
    // Draining: a new task is not taken (a freed slot polls no more), an in-flight one may finish.
    const late = await harness.start('drain', { order: 3 });
    child.send({ finish: 1 });

    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(started.sort()).toEqual([1, 2]);
    expect(await harness.awaitEnd(finishing)).toMatchObject({
      status: 'SUCCEEDED',
      output: { finished: 1, aborted: false },
    });
    expect(await harness.awaitEnd(stuck)).toMatchObject({
      status: 'FAILED',
      error: 'Worker.Shutdown',
      cause: 'The worker stopped before the task finished',
    });
    expect(await harness.history(stuck, ['ActivitySucceeded', 'ActivityFailed'])).toEqual([
      { type: 'ActivityFailed', details: expect.objectContaining({ error: 'Worker.Shutdown' }) },
    ]);
    expect(await harness.history(late, ['ActivityStarted'])).toEqual([]);
  });
});
