/**
 * The workflow the crash and race tests run many times: a builtin Task, a Choice that fails some
 * executions on purpose, an HTTP Task to the test's sink (its side effect, with an idempotency
 * key), a Wait, and a Parallel of retries (builtin:flaky), a Map under MaxConcurrency and a Catch.
 * Its expected ending and history come from the in-memory driver, which runs the same interpreter
 * with none of the engine's jobs, locks or processes.
 */
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';
import { runInMemory } from '../../src/asl/driver/in-memory.js';
import type { CommandSide } from './engine-commands.js';
import type { ExpectedEnding } from './engine-checker.js';
import { idempotencyKeyHeader, idempotencyKeyOf } from './http-sink.js';

const HTTP_RESOURCE = 'arn:aws:states:::http:invoke';
/** The state whose HTTP call is the side effect. */
export const SIDE_EFFECT_STATE = 'Call';

/** The mixed workflow, calling `sinkOrigin`. */
export function mixedWorkflow(sinkOrigin: string): StateMachineDefinition {
  return {
    Comment: 'Reliability: every kind of blocking boundary, a side effect, retries and a catch',
    StartAt: 'Start',
    States: {
      Start: { Type: 'Task', Resource: 'builtin:echo', Next: 'Route' },
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Reject' }],
        Default: SIDE_EFFECT_STATE,
      },
      Reject: { Type: 'Fail', Error: 'Rejected', Cause: 'asked to fail' },
      [SIDE_EFFECT_STATE]: {
        Type: 'Task',
        Resource: HTTP_RESOURCE,
        Parameters: {
          ApiEndpoint: `${sinkOrigin}/effects`,
          Method: 'POST',
          Headers: idempotencyKeyHeader(),
          RequestBody: { 'n.$': '$.n' },
        },
        ResultSelector: { 'status.$': '$.StatusCode' },
        ResultPath: '$.call',
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Fan' },
      Fan: {
        Type: 'Parallel',
        ResultPath: '$.fan',
        Next: 'Done',
        Branches: [
          {
            StartAt: 'Flaky',
            States: {
              Flaky: {
                Type: 'Task',
                Resource: 'builtin:flaky',
                Parameters: { failures: 2, error: 'Boom', 'n.$': '$.n' },
                Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }],
                ResultSelector: { 'n.$': '$.n' },
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
                MaxConcurrency: 2,
                ItemProcessor: {
                  StartAt: 'Double',
                  States: {
                    Double: {
                      Type: 'Task',
                      Resource: 'builtin:echo',
                      Parameters: { 'item.$': '$' },
                      End: true,
                    },
                  },
                },
                End: true,
              },
            },
          },
          {
            StartAt: 'Risky',
            States: {
              Risky: {
                Type: 'Task',
                Resource: 'builtin:fail',
                Parameters: { error: 'Expected', cause: 'caught' },
                Catch: [{ ErrorEquals: ['Expected'], ResultPath: '$.caught', Next: 'Recovered' }],
                End: true,
              },
              Recovered: { Type: 'Pass', Parameters: { 'recovered.$': '$.caught.Error' }, End: true },
            },
          },
        ],
      },
      Done: { Type: 'Succeed' },
    },
  } as unknown as StateMachineDefinition;
}

/** The input of execution number `n`: every seventh fails on purpose, Map sizes vary from 0 to 4. */
export function mixedInput(n: number): Json {
  return { n, items: Array.from({ length: n % 5 }, (_, index) => index), fail: n % 7 === 3 };
}

/** The side effect's idempotency key for an execution named `name`, if it gets that far. */
export function sideEffectKey(name: string, input: Json): string | undefined {
  return (input as { fail: boolean }).fail ? undefined : idempotencyKeyOf(name, SIDE_EFFECT_STATE);
}

/** How execution `name` must end on `input`, and the history it must leave, per the in-memory driver. */
export async function expectedEnding(
  definition: StateMachineDefinition,
  name: string,
  input: Json,
): Promise<ExpectedEnding> {
  const result = await runInMemory(definition, input, {
    executionName: name,
    tasks: {
      [HTTP_RESOURCE]: () => ({
        kind: 'succeed',
        output: { StatusCode: 200, StatusText: 'OK', Headers: {}, ResponseBody: { ok: true } },
      }),
    },
  });
  return {
    status: result.status,
    ...(result.output === undefined ? {} : { output: result.output }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
    reference: result.events,
  };
}

/** Executions started by {@link startMixedExecutions}: what each must end as, and the side effects due. */
export interface MixedExecutions {
  readonly expected: Map<string, ExpectedEnding>;
  readonly sideEffectKeys: string[];
}

/** Starts `count` executions of the mixed workflow, named `<prefix>-<n>`, one after another. */
export async function startMixedExecutions(
  side: CommandSide,
  sinkOrigin: string,
  options: { readonly count: number; readonly prefix: string },
): Promise<MixedExecutions> {
  const definition = mixedWorkflow(sinkOrigin);
  const stateMachineId = await side.createMachine(definition);
  const expected = new Map<string, ExpectedEnding>();
  const sideEffectKeys: string[] = [];
  for (let n = 0; n < options.count; n += 1) {
    const name = `${options.prefix}-${n}`;
    const input = mixedInput(n);
    const executionId = await side.start(stateMachineId, input, name);
    expected.set(executionId, await expectedEnding(definition, name, input));
    const key = sideEffectKey(name, input);
    if (key) sideEffectKeys.push(key);
  }
  return { expected, sideEffectKeys };
}
