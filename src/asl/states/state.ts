/**
 * The union of every state type, discriminated on `Type` as the Amazon States Language spells it.
 */
import type { ChoiceState } from './choice.state.js';
import type { FailState } from './fail.state.js';
import type { MapState } from './map.state.js';
import type { ParallelState } from './parallel.state.js';
import type { PassState } from './pass.state.js';
import type { SucceedState } from './succeed.state.js';
import type { TaskState } from './task.state.js';
import type { WaitState } from './wait.state.js';

/** Any state of a definition. */
export type State =
  PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** The `Type` of a state. */
export type StateType = State['Type'];

/** Makes a `switch` over a discriminated union exhaustive: unreachable when every case is handled. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
