/**
 * Work carried out by the process that committed its scheduling (docs/architecture.md, "A step"):
 * an HTTP Task's call and a nested start begin right after the commit, not when a worker fetches
 * their job; the job stays queued, due only after its lease, as the durable fallback, and is
 * deleted once the work is done. Fenced: when the fallback is fetched while the work still runs,
 * the attempt's result is applied once.
 */
import type http from 'node:http';
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { HTTP_TASK_QUEUE, TRANSITION_QUEUE } from '../../src/engine/queue/engine.queues.js';
import { startHttpServer, type TestHttpServer } from '../support/http-task.servers.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;
let server: TestHttpServer;
/** Responses held until the test lets them go. */
const held: http.ServerResponse[] = [];

function answer(response: http.ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ ok: true }));
}

beforeAll(async () => {
  engine = await startEngine({ HTTP_TASK_ALLOW_LIST: '127.0.0.1', HTTP_TASK_TIMEOUT_SECONDS: '20' });
  server = await startHttpServer((_request, response) => held.push(response));
});

afterEach(() => {
  held.splice(0).forEach(answer);
  server.requests.splice(0);
});

afterAll(async () => {
  held.splice(0).forEach(answer);
  await server?.close();
  await engine?.close();
});

const callMachine = (): StateMachineDefinition =>
  ({
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: `${server.origin}/work`, Method: 'POST' },
        ResultSelector: { 'status.$': '$.StatusCode' },
        End: true,
      },
    },
  }) as unknown as StateMachineDefinition;

interface QueuedJob {
  readonly id: string;
  readonly state: string;
  /** How long after its insert the job comes due, in seconds. */
  readonly delay_seconds: number;
}

async function jobsOf(queue: string, executionId: string): Promise<QueuedJob[]> {
  return engine.dataSource.query<QueuedJob[]>(
    `SELECT id, state::text AS state, extract(epoch FROM start_after - created_on)::float8 AS delay_seconds
       FROM pgboss.job WHERE name = $1 AND data->>'executionId' = $2`,
    [queue, executionId],
  );
}

describe('an HTTP Task scheduled by this process', () => {
  it('is called right after the commit while its queued job waits out its lease, then the job is deleted', async () => {
    const executionId = await engine.run(callMachine());
    await waitFor(() => (server.requests.length === 1 ? true : undefined), { what: 'the call' });

    // The call is in flight, and no worker fetched the job: it is still waiting, due after the lease.
    const [job] = await jobsOf(HTTP_TASK_QUEUE.name, executionId);
    expect(job).toMatchObject({ state: 'created' });
    expect(job?.delay_seconds).toBeGreaterThanOrEqual(20);

    held.splice(0).forEach(answer);
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { status: 200 } });
    await waitFor(
      async () => ((await jobsOf(HTTP_TASK_QUEUE.name, executionId)).length === 0 ? true : undefined),
      {
        what: 'the fallback job to be deleted',
      },
    );
    expect(server.requests).toHaveLength(1);
  });

  it('applies its result once when the queued job is fetched while the call still runs', async () => {
    const executionId = await engine.run(callMachine());
    await waitFor(() => (server.requests.length === 1 ? true : undefined), { what: 'the first call' });

    // The fallback comes due at once, as if the lease had passed: a worker fetches it and calls too.
    await engine.dataSource.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND data->>'executionId' = $2`,
      [HTTP_TASK_QUEUE.name, executionId],
    );
    engine.queue.wakeWorkersAfter(HTTP_TASK_QUEUE, 0);
    await waitFor(() => (server.requests.length === 2 ? true : undefined), { what: 'the second call' });

    held.splice(0).forEach(answer);
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { status: 200 } });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'TaskSucceeded')).toHaveLength(1);
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
});

describe('a nested start scheduled by this process', () => {
  it('starts the child right after the commit, and deletes its queued job', async () => {
    await engine.createMachine(
      { StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { child: true }, End: true } } },
      'after-commit-child',
    );
    const executionId = await engine.run({
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: 'after-commit-child' },
          OutputPath: '$.Output',
          End: true,
        },
      },
    });
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { child: true } });
    // Had a worker fetched it, the job would stay behind, completed, for pg-boss's retention.
    await waitFor(async () => ((await taskJobsOf(executionId)) === 0 ? true : undefined), {
      what: "the parent's task job to be deleted",
    });
  });
});

async function taskJobsOf(executionId: string): Promise<number> {
  const [row] = await engine.dataSource.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM pgboss.job
      WHERE name = $1 AND data->>'executionId' = $2 AND data->>'kind' = 'task'`,
    [TRANSITION_QUEUE.name, executionId],
  );
  return row?.count ?? 0;
}
