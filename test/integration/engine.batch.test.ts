/**
 * Transitions of several executions in one transaction (the transition worker's batches): each
 * execution advances exactly as it would alone, a batch commits all or nothing, and a job that
 * cannot be applied fails alone while the rest of its batch commits.
 */
import { randomUUID } from 'node:crypto';
import type { Job } from 'pg-boss';
import type { StateMachineDefinition } from '../../src/asl/index.js';
import type { TransitionJob } from '../../src/engine/queue/engine.queues.js';
import { TransitionRunner } from '../../src/engine/transition/transition.runner.js';
import { TransitionWorker } from '../../src/engine/transition/transition.worker.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;
let runner: TransitionRunner;
let callbackMachine: string;

const CALLBACK = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      ResultPath: '$.answer',
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
} as unknown as StateMachineDefinition;

beforeAll(async () => {
  engine = await startEngine();
  runner = engine.app.get(TransitionRunner, { strict: false });
  callbackMachine = await engine.createMachine(CALLBACK);
});

afterAll(async () => {
  await engine?.close();
});

/** Starts executions that wait for a callback; returns each one's id and open task token. */
async function waitingExecutions(count: number): Promise<{ executionId: string; token: string }[]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      engine.commands.start({ stateMachineId: callbackMachine, input: { index } }),
    ),
  );
  return Promise.all(
    started.map(async ({ executionId }) => {
      const token = await waitFor(async () => {
        const [row] = await engine.dataSource.query<{ token: string }[]>(
          "SELECT token FROM tasks WHERE execution_id = $1 AND status = 'STARTED'",
          [executionId],
        );
        return row?.token;
      });
      return { executionId, token };
    }),
  );
}

const answer = (index: number) => ({
  kind: 'succeeded' as const,
  output: { approvedBy: `reviewer-${index}` },
});

describe('a batch of transitions in one transaction', () => {
  it('advances each execution as it would alone, with its own events and contiguous seq', async () => {
    const waiting = await waitingExecutions(5);
    await runner.runBatch(
      waiting.map(({ executionId, token }, index) => ({
        executionId,
        taskTokens: [token],
        work: (transition) => transition.answerTask(token, answer(index)),
      })),
    );
    for (const [index, { executionId }] of waiting.entries()) {
      expect(await engine.state(executionId)).toEqual({
        status: 'SUCCEEDED',
        output: { index, answer: { approvedBy: `reviewer-${index}` } },
      });
      const history = await engine.history(executionId);
      expectContiguous(history);
      expect(types(history).slice(-5)).toEqual([
        'TaskSucceeded',
        'TaskStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    }
  });

  it('commits nothing of the batch when one of its transitions throws', async () => {
    const [first, second] = await waitingExecutions(2);
    const batch = runner.runBatch([
      {
        executionId: first!.executionId,
        taskTokens: [first!.token],
        work: (transition) => transition.answerTask(first!.token, answer(0)),
      },
      {
        executionId: second!.executionId,
        taskTokens: [],
        work: () => Promise.reject(new Error('this transition cannot be applied')),
      },
    ]);
    await expect(batch).rejects.toThrow('this transition cannot be applied');
    for (const { executionId } of [first!, second!]) {
      expect((await engine.state(executionId)).status).toBe('RUNNING');
      expect(types(await engine.history(executionId))).not.toContain('TaskSucceeded');
    }
  });

  it('settles each job of a failed batch on its own: the bad one fails, the others commit', async () => {
    const [first, second, third] = await waitingExecutions(3);
    const job = (data: TransitionJob) =>
      ({ id: randomUUID(), name: 'stepgraph.transition', data }) as Job<TransitionJob>;
    const jobs = [
      job({ kind: 'parent-stopped', executionId: first!.executionId }),
      // A run of no such execution: applying it throws.
      job({ kind: 'run', executionId: second!.executionId, runId: randomUUID(), fence: 0 }),
      job({ kind: 'parent-stopped', executionId: third!.executionId }),
    ];
    const worker = engine.app.get(TransitionWorker, { strict: false });
    const outcomes = await worker.handleBatch(jobs);
    expect(outcomes.map((outcome) => [outcome.id, outcome.error === undefined])).toEqual([
      [jobs[0]!.id, true],
      [jobs[1]!.id, false],
      [jobs[2]!.id, true],
    ]);
    expect((await engine.state(first!.executionId)).status).toBe('ABORTED');
    expect((await engine.state(second!.executionId)).status).toBe('RUNNING');
    expect((await engine.state(third!.executionId)).status).toBe('ABORTED');
    for (const { executionId } of [first!, third!]) {
      const history = await engine.history(executionId);
      expectContiguous(history);
      expect(types(history).filter((type) => type === 'ExecutionAborted')).toHaveLength(1);
    }
  });

  it('applies the jobs of one execution one after another in one transition: a repeat finds the work done', async () => {
    const [waiting] = await waitingExecutions(1);
    const job = (data: TransitionJob) =>
      ({ id: randomUUID(), name: 'stepgraph.transition', data }) as Job<TransitionJob>;
    const jobs = [
      job({ kind: 'parent-stopped', executionId: waiting!.executionId }),
      job({ kind: 'task-deadline', executionId: waiting!.executionId, token: waiting!.token }),
      job({ kind: 'parent-stopped', executionId: waiting!.executionId }),
    ];
    const worker = engine.app.get(TransitionWorker, { strict: false });
    const outcomes = await worker.handleBatch(jobs);
    expect(outcomes.every((outcome) => outcome.error === undefined)).toBe(true);
    const history = await engine.history(waiting!.executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type.endsWith('Aborted'))).toEqual([
      'TaskStateAborted',
      'ExecutionAborted',
    ]);
    expect((await engine.state(waiting!.executionId)).status).toBe('ABORTED');
  });
});
