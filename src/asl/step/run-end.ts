/**
 * The end of a run: the root run records ExecutionSucceeded / ExecutionFailed, a Map iteration
 * MapIterationSucceeded / MapIterationFailed, a Parallel branch nothing (its state records it).
 */
import { executionStartedDetails, failureDetails, mapIterationDetails, outputDetails } from '../events.js';
import type { Json } from '../json.js';
import type { StepSession } from './step-session.js';
import type { Effect, RunPathSegment } from './step.types.js';

function iterationOf(path: readonly RunPathSegment[]): { state: string; iteration: number } | undefined {
  const last = path.at(-1);
  return last && 'iteration' in last ? last : undefined;
}

/** Records the start of a run: ExecutionStarted for the root, MapIterationStarted for an iteration. */
export function recordRunStarted(session: StepSession): void {
  const { path, input } = session.run;
  if (path.length === 0) {
    session.emit('ExecutionStarted', executionStartedDetails(input, session.env.context.Execution.RoleArn));
    return;
  }
  const iteration = iterationOf(path);
  if (iteration) {
    session.emit(
      'MapIterationStarted',
      mapIterationDetails(iteration.state, iteration.iteration),
      iteration.state,
    );
  }
}

/** Ends the run successfully with `output`. */
export function succeedRun(session: StepSession, output: Json): Effect {
  const iteration = iterationOf(session.run.path);
  if (session.run.path.length === 0) session.emit('ExecutionSucceeded', outputDetails(output));
  else if (iteration) {
    session.emit(
      'MapIterationSucceeded',
      mapIterationDetails(iteration.state, iteration.iteration),
      iteration.state,
    );
  }
  return { kind: 'run-succeeded', output };
}

/** Ends the run with an error; a missing error or cause stays missing, as AWS records it. */
export function failRun(session: StepSession, error: string | undefined, cause: string | undefined): Effect {
  const iteration = iterationOf(session.run.path);
  if (session.run.path.length === 0) session.emit('ExecutionFailed', failureDetails(error, cause));
  else if (iteration) {
    session.emit(
      'MapIterationFailed',
      mapIterationDetails(iteration.state, iteration.iteration),
      iteration.state,
    );
  }
  return {
    kind: 'run-failed',
    ...(error === undefined ? {} : { error }),
    ...(cause === undefined ? {} : { cause }),
  };
}
