/**
 * The execution lock (`SELECT … FOR UPDATE` on the executions row) under contention: answers to
 * many open tasks of ONE execution arrive at the same moment, each in its own transaction. The
 * lock makes them take turns; without it they all read the same `next_event_id`, and all but one
 * collide on the history's primary key, a failure the callers see, or fork the history.
 *
 * The transition worker's batches lock their executions in one statement (`lockExecutions`). A
 * batch that failed is run again one job at a time under the single lock, so a batch lock without
 * `FOR UPDATE` would only show as a warning in the log: it is checked on its own, against a
 * transaction that holds an execution's row.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { TransitionRunner } from '../../src/engine/transition/transition.runner.js';
import { checkExecutions } from '../support/engine-checker.js';
import { waitFor } from '../support/wait.js';
import { startEngine, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

const BRANCHES = 16;

/** A Map whose every iteration waits for its own callback: BRANCHES open tasks in one execution. */
const FAN_OUT = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Wait',
        States: {
          Wait: {
            Type: 'Task',
            Resource: 'builtin:callback.waitForTaskToken',
            Parameters: { 'token.$': '$$.Task.Token' },
            End: true,
          },
        },
      },
      End: true,
    },
  },
} as unknown as StateMachineDefinition;

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  await engine?.close();
});

/** Whether a backend waits on a lock that backend `pid` holds. */
async function blockedBy(pid: number): Promise<boolean> {
  const rows = await engine.dataSource.query<unknown[]>(
    'SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
    [pid],
  );
  return rows.length > 0;
}

/** The tokens of the execution's scheduled tasks, once all `count` are scheduled. */
function scheduledTokens(executionId: string, count: number): Promise<string[]> {
  return waitFor(async () => {
    const tokens = (await engine.history(executionId))
      .filter((event) => event.type === 'TaskScheduled')
      .map((event) => (JSON.parse(event.details.parameters as string) as { token: string }).token);
    return tokens.length === count ? tokens : undefined;
  });
}

describe('the execution lock', () => {
  it('serialises concurrent answers to one execution: every answer lands, the history stays one line per run', async () => {
    const items = Array.from({ length: BRANCHES }, (_, index) => index);
    const executionId = await engine.run(FAN_OUT, { items });
    const tokens = await scheduledTokens(executionId, BRANCHES);

    const answers = await Promise.allSettled(
      tokens.map((token, index) => engine.commands.sendTaskSuccess(token, { answer: index })),
    );
    const refused = answers.flatMap((answer) =>
      answer.status === 'rejected' ? [String((answer.reason as Error).message)] : [],
    );
    expect(refused).toEqual([]);

    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: items.map((index) => ({ answer: index })),
    });
    const report = await checkExecutions(engine.dataSource, {
      executions: new Map([[executionId, { status: 'SUCCEEDED' as const }]]),
    });
    expect(report.violations).toEqual([]);
  });

  it('locks a batch’s executions FOR UPDATE: a batch waits for a transaction holding one of them before doing any of its work', async () => {
    const executionIds = [
      await engine.run(FAN_OUT, { items: [1] }),
      await engine.run(FAN_OUT, { items: [2] }),
    ];
    // Both at rest, each waiting for its callback.
    await Promise.all(executionIds.map((executionId) => scheduledTokens(executionId, 1)));
    const runner = engine.app.get(TransitionRunner, { strict: false });

    const holder = engine.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    await holder.query('SELECT id FROM executions WHERE id = $1 FOR UPDATE', [executionIds[1]]);
    const worked: string[] = [];
    const batch = runner.runBatch(
      executionIds.map((executionId) => ({
        executionId,
        taskTokens: [],
        work: async () => void worked.push(executionId),
      })),
    );
    try {
      await waitFor(async () => ((await blockedBy(pid)) ? true : undefined), {
        what: 'the batch to wait for the held execution',
      });
      // Waiting at its lock, before any work: a batch that read the executions without locking
      // them would have worked both and waited, if at all, only to write the row.
      expect(worked).toEqual([]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await batch;
    expect(worked.sort()).toEqual([...executionIds].sort());
  });
});
