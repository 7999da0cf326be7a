import { runBuiltinTask } from '../../src/asl/index.js';

describe('runBuiltinTask', () => {
  it.each([
    ['echo succeeds with its input', 'echo', { a: 1 }, 0, { kind: 'succeed', output: { a: 1 } }],
    [
      'fail fails with error and cause',
      'fail',
      { error: 'E', cause: 'C' },
      0,
      { kind: 'fail', error: 'E', cause: 'C' },
    ],
    [
      'fail without parameters fails with States.TaskFailed',
      'fail',
      'x',
      0,
      { kind: 'fail', error: 'States.TaskFailed' },
    ],
    [
      'sleep succeeds after its seconds',
      'sleep',
      { seconds: 1.5 },
      0,
      { kind: 'succeed', output: { seconds: 1.5 }, delayMs: 1500 },
    ],
    [
      'sleep refuses a negative time',
      'sleep',
      { seconds: -1 },
      0,
      expect.objectContaining({ kind: 'fail', error: 'States.TaskFailed' }),
    ],
    [
      'flaky fails during its first failures',
      'flaky',
      { failures: 2, error: 'F' },
      1,
      { kind: 'fail', error: 'F' },
    ],
    [
      'flaky succeeds afterwards',
      'flaky',
      { failures: 2, error: 'F' },
      2,
      { kind: 'succeed', output: { failures: 2, error: 'F' } },
    ],
    ['flaky without failures succeeds at once', 'flaky', {}, 0, { kind: 'succeed', output: {} }],
  ] as const)('%s', (_title, name, input, attempt, expected) => {
    expect(runBuiltinTask(name, input, attempt)).toEqual(expected);
  });

  it('counts flaky attempts across the whole execution, Map iterations included', async () => {
    const { runInMemory } = await import('../../src/asl/index.js');
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'F',
            States: {
              F: {
                Type: 'Task',
                Resource: 'builtin:flaky',
                Parameters: { failures: 1, error: 'F' },
                Catch: [{ ErrorEquals: ['F'], Next: 'Caught' }],
                End: true,
              },
              Caught: { Type: 'Pass', Result: 'caught', End: true },
            },
          },
        },
      },
    } as const;
    const result = await runInMemory(definition as never, [1, 2], { tasks: {} });
    expect(result.output).toEqual(['caught', { failures: 1, error: 'F' }]);
  });
});
