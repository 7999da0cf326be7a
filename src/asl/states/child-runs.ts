/** The initial run of a Parallel branch or a Map iteration. */
import type { Json } from '../json.js';
import type { StepSession } from '../step/step-session.js';
import type { RunPathSegment, RunState } from '../step/step.types.js';

/**
 * A child run of the current state, ready to be started. It sees the parent's variables as they
 * are now (AWS: an inner scope reads the outer one; what it assigns stays inside it).
 */
export function childRun(
  session: StepSession,
  segment: RunPathSegment,
  startAt: string,
  input: Json,
): RunState {
  return {
    path: [...session.run.path, segment],
    stateName: startAt,
    input,
    variables: session.run.variables,
    enteredEventId: 0,
    enteredTime: session.timestamp,
    lastEventId: session.run.lastEventId,
    retryCounts: [],
    waiting: null,
  };
}
