/**
 * The reliability checker itself (test/support/engine-checker.ts, history-rules.ts): it passes a
 * history the interpreter wrote, and it names each kind of damage a crash or a race could do —
 * a forked run, a branch started twice, a state entered twice, a task scheduled twice, a gap in
 * `seq`, a run that differs from the reference, a side effect repeated too often, an execution
 * left half open. A checker that cannot fail would prove nothing.
 */
import type { HistoryEvent, Json, StateMachineDefinition } from '../../src/asl/index.js';
import { runInMemory } from '../../src/asl/driver/in-memory.js';
import { checkExecutions, sideEffectViolations } from '../support/engine-checker.js';
import {
  attemptViolations,
  contiguityViolations,
  referenceViolations,
  runPaths,
  shapesByRun,
  type StoredEvent,
} from '../support/history-rules.js';
import { startEngine, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

const workflow = {
  StartAt: 'Start',
  States: {
    Start: { Type: 'Pass', Next: 'Fan' },
    Fan: {
      Type: 'Parallel',
      Next: 'Done',
      Branches: [
        {
          StartAt: 'Flaky',
          States: {
            Flaky: {
              Type: 'Task',
              Resource: 'builtin:flaky',
              Parameters: { failures: 1, error: 'Boom' },
              Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1 }],
              End: true,
            },
          },
        },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: {
                StartAt: 'Echo',
                States: { Echo: { Type: 'Task', Resource: 'builtin:echo', End: true } },
              },
              End: true,
            },
          },
        },
      ],
    },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

const input: Json = { items: [1, 2] };

function stored(events: readonly HistoryEvent[]): StoredEvent[] {
  return events.map((event) => ({
    seq: event.id,
    type: event.type,
    stateName: event.stateName ?? null,
    previousEventId: event.previousEventId,
    details: event.details,
  }));
}

async function referenceHistory(): Promise<StoredEvent[]> {
  return stored((await runInMemory(workflow, input)).events);
}

/** Every violation the history rules find in `events`, compared with `reference`. */
function violations(events: readonly StoredEvent[], reference: readonly StoredEvent[]): string[] {
  const { paths, violations: pathViolations } = runPaths(events);
  return [
    ...contiguityViolations(events),
    ...pathViolations,
    ...attemptViolations(events, paths),
    ...referenceViolations(shapesByRun(events, paths), shapesByRun(reference, runPaths(reference).paths)),
  ];
}

/** `events` with `extra` appended as the next seq. */
function appended(events: readonly StoredEvent[], extra: Omit<StoredEvent, 'seq'>): StoredEvent[] {
  return [...events, { ...extra, seq: events.length + 1 }];
}

function find(events: readonly StoredEvent[], type: string, index = 0): StoredEvent {
  const found = events.filter((event) => event.type === type)[index];
  if (!found) throw new Error(`no ${type} #${index}`);
  return found;
}

describe('the history rules', () => {
  it('pass the history the interpreter wrote, and name its runs without event ids', async () => {
    const reference = await referenceHistory();
    expect(violations(reference, reference)).toEqual([]);
    expect(new Set(runPaths(reference).paths.values())).toEqual(
      new Set([
        'root',
        'root/Fan#1/branch:Flaky',
        'root/Fan#1/branch:Each',
        'root/Fan#1/branch:Each/Each#1/item:0',
        'root/Fan#1/branch:Each/Each#1/item:1',
      ]),
    );
  });

  it('name a step replayed from a stale run state: a forked run', async () => {
    const reference = await referenceHistory();
    const entered = find(reference, 'SucceedStateEntered');
    const replay = appended(reference, { ...entered });
    expect(violations(replay, reference)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^forked run root: event \d+ \(SucceedStateEntered\)/)]),
    );
  });

  it('name a Map iteration started twice', async () => {
    const reference = await referenceHistory();
    const twice = appended(reference, { ...find(reference, 'MapIterationStarted', 1) });
    expect(violations(twice, reference)).toEqual(
      expect.arrayContaining([expect.stringContaining('root/Fan#1/branch:Each/Each#1/item:1 started twice')]),
    );
  });

  it('name a state entered twice for one attempt, and a task attempt scheduled twice', async () => {
    const chain: StoredEvent[] = [
      { seq: 1, type: 'ExecutionStarted', stateName: null, previousEventId: 0, details: {} },
      { seq: 2, type: 'TaskStateEntered', stateName: 'T', previousEventId: 1, details: {} },
      { seq: 3, type: 'TaskScheduled', stateName: 'T', previousEventId: 2, details: {} },
      { seq: 4, type: 'TaskScheduled', stateName: 'T', previousEventId: 3, details: {} },
      { seq: 5, type: 'TaskStateEntered', stateName: 'T', previousEventId: 4, details: {} },
    ];
    expect(attemptViolations(chain, runPaths(chain).paths)).toEqual([
      'root: event 4 TaskScheduled of T: the previous attempt has no result yet',
      'root: event 5 TaskStateEntered of T while the visit of T (event 2) is open',
    ]);
  });

  it('name a gap in seq, and a run that differs from the reference', async () => {
    const reference = await referenceHistory();
    const gap = reference.filter((event) => event.type !== 'TaskStarted' || event.stateName !== 'Echo');
    const found = violations(gap, reference);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^seq is not contiguous/),
        expect.stringMatching(/^run root\/Fan#1\/branch:Each\/Each#1\/item:\d differs from the reference/),
      ]),
    );
  });
});

describe('the side-effect rule', () => {
  const expectation = (deliveries: Record<string, number>, faults: number, inFlightPerFault = 1) => ({
    deliveries: new Map(Object.entries(deliveries)),
    expectedKeys: ['a', 'b'],
    faults,
    inFlightPerFault,
  });

  it('allows one more delivery per fault, and no more', () => {
    expect(sideEffectViolations(expectation({ a: 1, b: 1 }, 0))).toEqual([]);
    expect(sideEffectViolations(expectation({ a: 2, b: 1 }, 1))).toEqual([]);
    expect(sideEffectViolations(expectation({ a: 3, b: 1 }, 1))).toEqual([
      'side effect a happened 3 times with 1 fault(s)',
      '2 repeated side effects in all, more than 1 for 1 fault(s)',
    ]);
    expect(sideEffectViolations(expectation({ a: 2, b: 2 }, 1, 2))).toEqual([]);
  });

  it('names a side effect that never happened, and one nobody expected', () => {
    expect(sideEffectViolations(expectation({ a: 1, c: 1 }, 0))).toEqual([
      'side effect b never happened',
      'unexpected side effect "c" (1 times)',
    ]);
  });
});

describe('checkExecutions on a database', () => {
  let engine: EngineHarness;

  beforeAll(async () => {
    engine = await startEngine();
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('passes an execution the engine ran, then names its damage: a wrong ending, an extra event, an open run', async () => {
    const executionId = await engine.run(workflow, input);
    const ending = await engine.ended(executionId);
    const reference = (await runInMemory(workflow, input)).events;
    const expected = new Map([
      [executionId, { status: 'SUCCEEDED' as const, output: ending.output, reference }],
    ]);
    expect((await checkExecutions(engine.dataSource, { executions: expected })).violations).toEqual([]);

    const wrong = new Map([[executionId, { status: 'FAILED' as const, error: 'Boom' }]]);
    expect((await checkExecutions(engine.dataSource, { executions: wrong })).violations).toEqual([
      `execution ${executionId}: ended SUCCEEDED, expected FAILED`,
      `execution ${executionId}: error is undefined, expected "Boom"`,
    ]);

    const history = await engine.history(executionId);
    const last = history.at(-1)!;
    await engine.dataSource.query(
      `INSERT INTO execution_events (execution_id, history_day, seq, type, state_name, previous_event_id, timestamp, details)
       SELECT id, history_day, $2, 'ExecutionSucceeded', NULL, $3, now(), '{}' FROM executions WHERE id = $1`,
      [executionId, last.seq + 1, last.previousEventId],
    );
    await engine.dataSource.query(
      "UPDATE runs SET status = 'RUNNING', output = NULL WHERE execution_id = $1 AND parent_run_id IS NULL",
      [executionId],
    );
    const damaged = (await checkExecutions(engine.dataSource, { executions: expected })).violations;
    expect(damaged).toEqual(
      expect.arrayContaining([
        `execution ${executionId}: next_event_id is ${last.seq + 1} after ${last.seq + 1} events`,
        expect.stringContaining(
          `execution ${executionId}: forked run root: event ${last.seq + 1} (ExecutionSucceeded)`,
        ),
        expect.stringContaining('differs from the reference'),
        `execution ${executionId}: ended with 1 run(s) still open`,
      ]),
    );
  });
});
