/**
 * The execution lock (`SELECT … FOR UPDATE` on the executions row) under contention: answers to
 * many open tasks of ONE execution arrive at the same moment, each in its own transaction. The
 * lock makes them take turns; without it they all read the same `next_event_id`, and all but one
 * collide on the history's primary key, a failure the callers see, or fork the history.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
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
});
