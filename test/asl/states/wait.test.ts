import { ending, eventTypes, machine, run, single } from '../asl-test-kit.js';
import type { InMemoryResult } from '../../../src/asl/index.js';

const START = Date.UTC(2030, 0, 1);

function waited(result: InMemoryResult): number {
  const entered = result.events.find((event) => event.type === 'WaitStateEntered');
  const exited = result.events.find((event) => event.type === 'WaitStateExited');
  return Date.parse(exited!.timestamp) - Date.parse(entered!.timestamp);
}

describe('Wait state', () => {
  it.each([
    ['Seconds', { Seconds: 5 }, {}, 5000],
    ['SecondsPath', { SecondsPath: '$.s' }, { s: 7 }, 7000],
    ['Timestamp', { Timestamp: '2030-01-01T00:01:00Z' }, {}, 60_000],
    ['TimestampPath', { TimestampPath: '$.t' }, { t: '2030-01-01T01:00:00+01:00' }, 0],
    ['a Timestamp in the past', { Timestamp: '2000-01-01T00:00:00Z' }, {}, 0],
    ['JSONata Seconds', { QueryLanguage: 'JSONata', Seconds: '{% $states.input.s * 2 %}' }, { s: 3 }, 6000],
    [
      'JSONata Timestamp',
      { QueryLanguage: 'JSONata', Timestamp: '{% $states.input.t %}' },
      { t: '2030-01-01T00:00:02Z' },
      2000,
    ],
  ])('resumes after %s', async (_title, fields, input, waitMs) => {
    const result = await run(single({ Type: 'Wait', ...fields, End: true }), input, { clock: START });
    expect(ending(result)).toEqual({ status: 'SUCCEEDED', output: input });
    expect(waited(result)).toBe(waitMs);
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('applies InputPath, OutputPath and Assign when it resumes', async () => {
    const definition = machine({
      W: {
        Type: 'Wait',
        Seconds: 1,
        InputPath: '$.a',
        OutputPath: '$.b',
        Assign: { 'seen.$': '$.b' },
        Next: 'P',
      },
      P: { Type: 'Pass', Parameters: { 'out.$': '$', 'seen.$': '$seen' }, End: true },
    });
    expect(ending(await run(definition, { a: { b: 2 } }))).toEqual({
      status: 'SUCCEEDED',
      output: { out: 2, seen: 2 },
    });
  });

  it('shapes a JSONata Output', async () => {
    const state = {
      Type: 'Wait',
      QueryLanguage: 'JSONata',
      Seconds: 0,
      Output: '{% $states.input.x %}',
      End: true,
    };
    expect(ending(await run(single(state), { x: 'y' }))).toEqual({ status: 'SUCCEEDED', output: 'y' });
  });

  it.each([
    ['a negative SecondsPath', { SecondsPath: '$.s' }, { s: -1 }, 'States.Runtime'],
    ['a SecondsPath to nothing', { SecondsPath: '$.none' }, {}, 'States.Runtime'],
    ['a TimestampPath to a non-timestamp', { TimestampPath: '$.t' }, { t: 'tomorrow' }, 'States.Runtime'],
    [
      'a JSONata Seconds that is not a number',
      { QueryLanguage: 'JSONata', Seconds: '{% "soon" %}' },
      {},
      'States.QueryEvaluationError',
    ],
    [
      'a JSONata Timestamp that is not one',
      { QueryLanguage: 'JSONata', Timestamp: '{% "x" %}' },
      {},
      'States.QueryEvaluationError',
    ],
    ['no timing field at all', {}, {}, 'States.Runtime'],
  ])('fails on %s', async (_title, fields, input, error) => {
    expect(ending(await run(single({ Type: 'Wait', ...fields, End: true }), input))).toMatchObject({
      status: 'FAILED',
      error,
    });
  });
});
