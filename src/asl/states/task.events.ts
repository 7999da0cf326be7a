/**
 * The history events of a Task attempt, as AWS records them: TaskScheduled / TaskStarted /
 * TaskSucceeded / TaskFailed / TaskTimedOut for service integrations and builtins, and the
 * Activity* family for activities.
 */
import { failureDetails, outputDetails } from '../events.js';
import { jsonText, type Json, type JsonObject } from '../json.js';
import type { TaskResource } from '../resources.js';
import type { StepSession } from '../step/step-session.js';
import type { TaskRequest } from '../step/step.types.js';
import { maskHttpTaskParameters } from '../tasks/sensitive-fields.js';

/** Errors that AWS records as a timeout rather than a failure. */
const TIMEOUT_ERRORS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);
/** The region recorded when the driver names none. */
const DEFAULT_REGION = 'local';

/** `resourceType` and `resource` as AWS splits a Resource (`arn:aws:states:::http:invoke` → `http`, `invoke`). */
export function describeResource(arn: string): { resourceType: string; resource: string } {
  const builtin = /^builtin:(.+)$/.exec(arn);
  if (builtin) return { resourceType: 'builtin', resource: builtin[1] as string };
  const service = /^arn:aws:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(arn);
  if (service) return { resourceType: service[1] as string, resource: service[2] as string };
  return { resourceType: 'unknown', resource: arn };
}

function isActivity(resource: TaskResource): boolean {
  return resource.kind === 'activity';
}

/** Records the scheduling (and, for non-activities, the start) of a task attempt. */
export function recordTaskScheduled(session: StepSession, task: TaskRequest): void {
  const timeouts: JsonObject = {};
  if (task.timeoutSeconds !== undefined) timeouts.timeoutInSeconds = task.timeoutSeconds;
  if (task.heartbeatSeconds !== undefined) timeouts.heartbeatInSeconds = task.heartbeatSeconds;
  if (isActivity(task.resource)) {
    const details = {
      resource: task.resourceArn,
      input: jsonText(task.input),
      inputDetails: { truncated: false },
    };
    session.emit('ActivityScheduled', { ...details, ...timeouts }, task.stateName);
    return;
  }
  const described = describeResource(task.resourceArn);
  const region = session.env.region ?? DEFAULT_REGION;
  // Credentials in an HTTP Task's headers must not outlive the call in history (docs/testing.md S16).
  const parameters = task.resource.kind === 'http' ? maskHttpTaskParameters(task.input) : task.input;
  session.emit(
    'TaskScheduled',
    { ...described, region, parameters: jsonText(parameters), ...timeouts },
    task.stateName,
  );
  session.emit('TaskStarted', described, task.stateName);
}

/** Records that an activity worker picked the task up. */
export function recordActivityStarted(session: StepSession, workerName: string | undefined): void {
  session.emit('ActivityStarted', workerName === undefined ? {} : { workerName }, session.run.stateName);
}

/** Records a task's success. */
export function recordTaskSucceeded(
  session: StepSession,
  resource: TaskResource,
  arn: string,
  output: Json,
): void {
  if (isActivity(resource)) session.emit('ActivitySucceeded', outputDetails(output), session.run.stateName);
  else
    session.emit(
      'TaskSucceeded',
      { ...describeResource(arn), ...outputDetails(output) },
      session.run.stateName,
    );
}

/** Records a task's failure or timeout. */
export function recordTaskFailed(
  session: StepSession,
  resource: TaskResource,
  arn: string,
  failure: { error: string; cause?: string },
): void {
  const timedOut = TIMEOUT_ERRORS.has(failure.error);
  const details = failureDetails(failure.error, failure.cause);
  if (isActivity(resource)) {
    session.emit(timedOut ? 'ActivityTimedOut' : 'ActivityFailed', details, session.run.stateName);
    return;
  }
  session.emit(
    timedOut ? 'TaskTimedOut' : 'TaskFailed',
    { ...describeResource(arn), ...details },
    session.run.stateName,
  );
}
