/** Builders for the validation tests. */
import { validateDefinition } from '../../../src/asl/validate/index.js';

/** A definition whose states are `states`, starting at the first one. */
export function machine(
  states: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

/** A definition whose only state is `state`, named `S`. */
export function single(
  state: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return machine({ S: state }, extra);
}

/** A definition whose only state is `state` (named `S`) in JSONata mode. */
export function jsonata(state: Record<string, unknown>): Record<string, unknown> {
  return single(state, { QueryLanguage: 'JSONata' });
}

/** A scope (Parallel branch, Map processor) holding `states`, starting at the first one. */
export function scope(states: Record<string, unknown>): Record<string, unknown> {
  return { StartAt: Object.keys(states)[0], States: states };
}

/** A one-state scope that ends at once. */
export const DONE_SCOPE = scope({ Done: { Type: 'Succeed' } });

/** A Pass state that ends the run. */
export const END = { Type: 'Pass', End: true };

/**
 * Text of a definition nested `depth` levels deep through Parallel branches, built as a string
 * because JSON.stringify itself overflows on the deepest ones.
 */
export function nestedParallelText(depth: number): string {
  let text = `{"StartAt":"L${depth}","States":{"L${depth}":{"Type":"Pass","End":true}}}`;
  for (let level = depth - 1; level >= 0; level -= 1) {
    text = `{"StartAt":"L${level}","States":{"L${level}":{"Type":"Parallel","End":true,"Branches":[${text}]}}}`;
  }
  return text;
}

/** A definition nested `depth` levels deep, alternating Parallel branches and Map processors. */
export function nestedDefinition(depth: number): Record<string, unknown> {
  let inner = scope({ [`L${depth}`]: { Type: 'Task', Resource: 'builtin:echo', End: true } });
  for (let level = depth - 1; level >= 0; level -= 1) {
    const state =
      level % 2 === 0
        ? { Type: 'Parallel', Branches: [inner], End: true }
        : { Type: 'Map', ItemsPath: '$.items', ItemProcessor: inner, End: true };
    inner = scope({ [`L${level}`]: state });
  }
  return inner;
}

/** A Task that runs the echo builtin and ends the run. */
export const ECHO = { Type: 'Task', Resource: 'builtin:echo', End: true };

/** A Succeed state. */
export const SUCCEED = { Type: 'Succeed' };

/** A Choice state `C` whose only rule (plus `Next: 'D'`) is `rule`, and a Succeed state `D`. */
export function choice(rule: Record<string, unknown>): Record<string, unknown> {
  return machine({ C: { Type: 'Choice', Choices: [{ ...rule, Next: 'D' }], Default: 'D' }, D: SUCCEED });
}

/** {@link choice} in JSONata mode; `rule` may drop or replace `Next`. */
export function jsonataChoice(rule: Record<string, unknown>): Record<string, unknown> {
  return machine(
    { C: { Type: 'Choice', Choices: [{ Next: 'D', ...rule }], Default: 'D' }, D: SUCCEED },
    { QueryLanguage: 'JSONata' },
  );
}

/** A one-state definition whose state `S` is an inline Map with `fields`. */
export function map(fields: Record<string, unknown>): Record<string, unknown> {
  return single({ Type: 'Map', ItemProcessor: DONE_SCOPE, End: true, ...fields });
}

/** A refused definition: [what is wrong, definition, path of the diagnostic, fragment of its message]. */
export type Refusal = [string, unknown, string, string];

/** One test per refusal: the definition is invalid, with a diagnostic at the path that says so. */
export function expectRefusals(cases: readonly Refusal[]): void {
  it.each(cases)('%s', (_what, definition, path, fragment) => {
    const result = validateDefinition(definition);
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toContainEqual({ path, message: expect.stringContaining(fragment) });
  });
}

/**
 * 10,000 states of the common kinds, chained, a JSONata expression in every fourth; `next` names
 * each state's successor (a missing one makes every state a fault).
 */
export function tenThousandStates(
  next: (index: number) => string = (index) => `S${index + 1}`,
): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  const count = 10_000;
  for (let index = 0; index < count; index += 1) {
    const kinds = [
      { Type: 'Task', Resource: 'builtin:echo', ResultPath: `$.r${index}`, Next: next(index) },
      {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericEquals: index, Next: next(index) }],
        Default: next(index),
      },
      { Type: 'Pass', Parameters: { [`v${index}.$`]: '$.a' }, Next: next(index) },
      { Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% $states.input.v${index} %}`, Next: next(index) },
    ];
    states[`S${index}`] = index === count - 1 ? { Type: 'Succeed' } : kinds[index % kinds.length];
  }
  return machine(states);
}

/** A valid definition whose JSON is over 1 MiB (within the 1.5 MiB request body limit). */
export function overOneMebibyte(): Record<string, unknown> {
  return machine({ Only: { Type: 'Pass', Comment: 'x'.repeat(1_100_000), End: true } });
}
