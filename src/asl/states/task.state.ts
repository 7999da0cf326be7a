/**
 * The Task state, its fields and how it runs: each attempt evaluates the task's input and timeouts
 * and asks the driver to run the resource; the driver's answer completes the state or raises the
 * task's error for Retry and Catch.
 */
import { DataLimitExceeded, QueryEvaluationError, RuntimeError } from '../errors.js';
import type { Json, JsonObject } from '../json.js';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { resolvePath } from '../paths/reference-path.js';
import { exceedsPayloadLimit, MAX_PAYLOAD_BYTES, oversizedResult } from '../payload-limits.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { parseResource, type TaskResource } from '../resources.js';
import { completeWithResult, effectiveInput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { ContextExtras, StepSession } from '../step/step-session.js';
import type { TaskRequest } from '../step/step.types.js';
import type {
  AssignOutputFields,
  CommonFields,
  ErrorHandlingFields,
  InputOutputPathFields,
  ResultFields,
  TransitionFields,
} from './state-fields.js';
import { recordTaskFailed, recordTaskScheduled, recordTaskSucceeded } from './task.events.js';

/** A Task state. */
export interface TaskState
  extends
    CommonFields,
    TransitionFields,
    InputOutputPathFields,
    ResultFields,
    AssignOutputFields,
    ErrorHandlingFields {
  readonly Type: 'Task';
  readonly Resource: string;
  /** JSONPath: the task's input template. */
  readonly Parameters?: JsonObject;
  /** JSONata: the task's input, a template or a `{% %}` expression. */
  readonly Arguments?: Json;
  /** Seconds, or a JSONata `{% %}` expression. */
  readonly TimeoutSeconds?: number | string;
  readonly TimeoutSecondsPath?: string;
  /** Seconds, or a JSONata `{% %}` expression. */
  readonly HeartbeatSeconds?: number | string;
  readonly HeartbeatSecondsPath?: string;
  /** Accepted for compatibility and ignored: Stepgraph does not assume roles. */
  readonly Credentials?: Json;
}

function resourceOf(state: TaskState): TaskResource {
  const resource = parseResource(state.Resource);
  if (!resource) throw new RuntimeError(`The resource '${state.Resource}' is not supported.`);
  return resource;
}

async function taskInput(session: StepSession, state: TaskState, extras: ContextExtras): Promise<Json> {
  if (session.language === 'JSONata') {
    if (state.Arguments === undefined) return session.run.input;
    return evaluateJsonataTemplate(state.Arguments, 'Arguments', session.jsonataScope({}, extras));
  }
  const input = effectiveInput(session, state);
  return state.Parameters
    ? evaluatePayloadTemplate(state.Parameters, session.pathScope(input, extras))
    : input;
}

/** A timeout field's value in seconds: literal, JSONata expression or (JSONPath) a path's value. */
async function seconds(
  session: StepSession,
  state: TaskState,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  value: number | string | undefined,
  path: string | undefined,
): Promise<number | undefined> {
  let resolved: Json | undefined = value;
  if (typeof value === 'string' && jsonataExpressionOf(value) !== undefined) {
    resolved = await evaluateJsonataTemplate(value, field, session.jsonataScope());
  } else if (path !== undefined) {
    const lookup = resolvePath(path, session.pathScope(effectiveInput(session, state)));
    if (!lookup.found)
      throw new RuntimeError(`The ${field}Path field refers to a path that matches nothing: ${path}`);
    resolved = lookup.value as Json;
  }
  if (resolved === undefined) return undefined;
  if (typeof resolved === 'number' && Number.isInteger(resolved) && resolved > 0) return resolved;
  const ErrorClass = session.language === 'JSONata' ? QueryEvaluationError : RuntimeError;
  throw new ErrorClass(`The ${field} field must be a positive integer, but was: ${JSON.stringify(resolved)}`);
}

/** Starts one attempt of a Task state: asks the driver to run its resource. */
export async function attemptTask(session: StepSession, state: TaskState): Promise<StateStep> {
  const resource = resourceOf(state);
  const token = session.env.newTaskToken();
  const extras: ContextExtras = resource.pattern === 'wait-for-task-token' ? { taskToken: token } : {};
  const input = await taskInput(session, state, extras);
  if (exceedsPayloadLimit(input)) {
    throw new DataLimitExceeded(`The input of the task exceeds the maximum of ${MAX_PAYLOAD_BYTES} bytes.`);
  }
  const timeoutSeconds = await seconds(
    session,
    state,
    'TimeoutSeconds',
    state.TimeoutSeconds,
    state.TimeoutSecondsPath,
  );
  const heartbeatSeconds = await seconds(
    session,
    state,
    'HeartbeatSeconds',
    state.HeartbeatSeconds,
    state.HeartbeatSecondsPath,
  );
  const task: TaskRequest = {
    stateName: session.run.stateName,
    resourceArn: state.Resource,
    resource,
    input,
    token,
    retryCount: session.run.retryCounts.reduce((sum, count) => sum + count, 0),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
  };
  recordTaskScheduled(session, task);
  return { kind: 'block', waiting: { kind: 'task', token }, effect: { kind: 'run-task', task } };
}

/** Completes a Task state with its task's result. */
export async function taskSucceeded(
  session: StepSession,
  state: TaskState,
  output: Json,
): Promise<StateStep> {
  const resource = resourceOf(state);
  if (exceedsPayloadLimit(output)) {
    const raised = oversizedResult(session.run.stateName);
    recordTaskFailed(session, resource, state.Resource, raised);
    return { kind: 'error', raised: { ...raised, fromTask: true } };
  }
  recordTaskSucceeded(session, resource, state.Resource, output);
  const completion = await completeWithResult(session, state, output);
  return { kind: 'next', ...completion };
}

/** Records a task's failure and raises its error for Retry and Catch. */
export function taskFailed(
  session: StepSession,
  state: TaskState,
  error: string,
  cause: string | undefined,
): StateStep {
  recordTaskFailed(session, resourceOf(state), state.Resource, {
    error,
    ...(cause === undefined ? {} : { cause }),
  });
  return { kind: 'error', raised: { error, cause, fromTask: true } };
}
