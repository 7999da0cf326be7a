/**
 * The history mapping against histories AWS wrote: conformance cases (test/asl/conformance) run
 * through the in-memory driver, mapped, and compared with the history AWS recorded for the same
 * definition and input (the `get_execution_history` of the case's source snapshot): the same event
 * types in the same order, the same ids and previousEventIds, the same details member holding the
 * same members, and the same payloads.
 */
import { runInMemory, type HistoryEvent, type Json } from '../../src/asl/index.js';
import {
  awsHistoryEvent,
  detailsMemberOf,
  type AwsHistoryEvent,
} from '../../src/aws/history/aws-history-event.js';
import { conformanceCases } from '../support/conformance.js';

const ROLE = 'arn:aws:iam::123456789012:role/stepgraph';

/** An event as AWS recorded it, its timestamp left out (AWS's are real, ours virtual). */
type RecordedEvent = Record<string, Json>;

const started = (input: string): RecordedEvent => ({
  id: 1,
  previousEventId: 0,
  type: 'ExecutionStarted',
  executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: ROLE },
});

/** AWS's history of one Pass state, `State_1`, that turns `input` into `output` and ends the execution. */
const onePass = (input: string, output: string): RecordedEvent[] => [
  started(input),
  {
    id: 2,
    previousEventId: 0,
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'State_1', input, inputDetails: { truncated: false } },
  },
  {
    id: 3,
    previousEventId: 2,
    type: 'PassStateExited',
    stateExitedEventDetails: { name: 'State_1', output, outputDetails: { truncated: false } },
  },
  {
    id: 4,
    previousEventId: 3,
    type: 'ExecutionSucceeded',
    executionSucceededEventDetails: { output, outputDetails: { truncated: false } },
  },
];

/** AWS's histories of conformance cases, by case id (payloads as the JSON text AWS writes). */
const RECORDED: Record<string, RecordedEvent[]> = {
  'base-state-fail': [
    started('{}'),
    {
      id: 2,
      previousEventId: 0,
      type: 'FailStateEntered',
      stateEnteredEventDetails: { name: 'FailState', input: '{}', inputDetails: { truncated: false } },
    },
    {
      id: 3,
      previousEventId: 2,
      type: 'ExecutionFailed',
      executionFailedEventDetails: {
        error: 'SomeFailure',
        cause: "This state machines raises a 'SomeFailure' failure.",
      },
    },
  ],
  'base-state-fail-empty': [
    started('{}'),
    {
      id: 2,
      previousEventId: 0,
      type: 'FailStateEntered',
      stateEnteredEventDetails: { name: 'FailState', input: '{}', inputDetails: { truncated: false } },
    },
    { id: 3, previousEventId: 2, type: 'ExecutionFailed', executionFailedEventDetails: {} },
  ],
  'base-state-pass-result': onePass('{}', '{"Arg1":"argument1"}'),
  'base-decl-version-1-0': onePass('{}', '{}'),
};

async function mappedHistory(id: string, includeExecutionData = true): Promise<AwsHistoryEvent[]> {
  const testCase = conformanceCases().find((c) => c.id === id)!;
  const { events } = await runInMemory(testCase.definition, testCase.input);
  return events.map((event: HistoryEvent) =>
    awsHistoryEvent(
      { ...event, seq: event.id },
      {
        roleArn: ROLE,
        includeExecutionData,
      },
    ),
  );
}

const withoutTimestamp = ({ timestamp: _timestamp, ...rest }: AwsHistoryEvent) => rest;

describe('history as AWS writes it', () => {
  it.each(Object.keys(RECORDED))('%s: the history AWS recorded', async (id) => {
    const history = await mappedHistory(id);
    expect(history.map(withoutTimestamp)).toEqual(RECORDED[id]);
    for (const event of history) expect(typeof event.timestamp).toBe('number');
  });

  it('leaves inputs and outputs out without execution data, as AWS does', async () => {
    const history = await mappedHistory('base-state-pass-result', false);
    expect(history.map(withoutTimestamp)).toEqual([
      {
        id: 1,
        previousEventId: 0,
        type: 'ExecutionStarted',
        executionStartedEventDetails: { roleArn: ROLE },
      },
      { id: 2, previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'State_1' } },
      { id: 3, previousEventId: 2, type: 'PassStateExited', stateExitedEventDetails: { name: 'State_1' } },
      { id: 4, previousEventId: 3, type: 'ExecutionSucceeded', executionSucceededEventDetails: {} },
    ]);
  });

  it('names Parallel and Map events as AWS does: their start and end carry no details but the Map length', async () => {
    const parallel = await mappedHistory('scn-parallel-state-order');
    const map = await mappedHistory('scn-map-state');
    const membersOf = (history: AwsHistoryEvent[], type: string) =>
      Object.keys(history.find((event) => event.type === type)!).filter((key) =>
        key.endsWith('EventDetails'),
      );
    expect(membersOf(parallel, 'ParallelStateStarted')).toEqual([]);
    expect(membersOf(parallel, 'ParallelStateSucceeded')).toEqual([]);
    expect(membersOf(parallel, 'ParallelStateEntered')).toEqual(['stateEnteredEventDetails']);
    expect(map.find((event) => event.type === 'MapStateStarted')).toMatchObject({
      mapStateStartedEventDetails: { length: 8 },
    });
    expect(map.find((event) => event.type === 'MapIterationStarted')).toMatchObject({
      mapIterationStartedEventDetails: { name: 'MapState', index: 0 },
    });
    expect(membersOf(map, 'MapStateSucceeded')).toEqual([]);
  });

  it.each([
    ['TaskScheduled', 'taskScheduledEventDetails'],
    ['ActivityStarted', 'activityStartedEventDetails'],
    ['ExecutionRedriven', 'executionRedrivenEventDetails'],
    ['MapIterationAborted', 'mapIterationAbortedEventDetails'],
    ['WaitStateExited', 'stateExitedEventDetails'],
    ['TaskStateAborted', undefined],
    ['MapStateFailed', undefined],
  ])('%s: %s', (type, member) => {
    expect(detailsMemberOf(type)).toBe(member);
  });
});
