/** The operations of Stepgraph's GraphQL API an activity worker uses (schema.gql, docs/design.md §5). */
import { graphqlRequest, type Connection } from './api-client.js';

/** A task leased from `getActivityTask`. */
export interface ActivityTask {
  readonly taskToken: string;
  readonly input: unknown;
  /** The state's HeartbeatSeconds, or null when it has none. */
  readonly heartbeatSeconds: number | null;
  /** The W3C traceparent of the task's state, or null when the server does not trace it. */
  readonly traceparent?: string | null;
}

/** The longest error name and cause the API accepts; longer ones are cut rather than refused. */
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

/** How long a request other than the long poll may take before it counts as lost. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** What the long poll's HTTP request may take beyond its own wait. */
const POLL_GRACE_MS = 15_000;

const GET_ACTIVITY_TASK = `mutation ($activity: String!, $workerName: String, $waitSeconds: Int) {
  getActivityTask(activity: $activity, workerName: $workerName, waitSeconds: $waitSeconds) {
    taskToken input heartbeatSeconds traceparent
  }
}`;

const SEND_TASK_SUCCESS = `mutation ($taskToken: String!, $output: JSON!) {
  sendTaskSuccess(taskToken: $taskToken, output: $output)
}`;

const SEND_TASK_FAILURE = `mutation ($taskToken: String!, $error: String, $cause: String) {
  sendTaskFailure(taskToken: $taskToken, error: $error, cause: $cause)
}`;

const SEND_TASK_HEARTBEAT = `mutation ($taskToken: String!) { sendTaskHeartbeat(taskToken: $taskToken) }`;

/** Waits up to `waitSeconds` for a task of `activity`; null when none came. */
export async function getActivityTask(
  connection: Connection,
  activity: string,
  options: { workerName: string; waitSeconds: number; signal: AbortSignal },
): Promise<ActivityTask | null> {
  const data = await graphqlRequest<{ getActivityTask: ActivityTask | null }>(
    connection,
    GET_ACTIVITY_TASK,
    { activity, workerName: options.workerName, waitSeconds: options.waitSeconds },
    { signal: options.signal, timeoutMs: options.waitSeconds * 1000 + POLL_GRACE_MS },
  );
  return data.getActivityTask;
}

/** A task's answer: its output, or an error and cause for the state's Retry and Catch. */
export type TaskAnswer =
  | { readonly kind: 'success'; readonly output: unknown }
  | { readonly kind: 'failure'; readonly error: string; readonly cause?: string };

/** Sends one answer, once (retries are the reporter's). */
export async function sendTaskAnswer(
  connection: Connection,
  taskToken: string,
  answer: TaskAnswer,
): Promise<void> {
  if (answer.kind === 'success') {
    await graphqlRequest(
      connection,
      SEND_TASK_SUCCESS,
      { taskToken, output: jsonText(answer.output) },
      { timeoutMs: REQUEST_TIMEOUT_MS },
    );
  } else {
    await graphqlRequest(
      connection,
      SEND_TASK_FAILURE,
      {
        taskToken,
        error: answer.error.slice(0, MAX_ERROR_LENGTH),
        cause: answer.cause?.slice(0, MAX_CAUSE_LENGTH) ?? null,
      },
      { timeoutMs: REQUEST_TIMEOUT_MS },
    );
  }
}

/**
 * An output as JSON text, which is how it is sent: the API reads a string output as JSON text (as
 * AWS does), so a handler's string must travel encoded to stay a string. `undefined` is null.
 * Throws a TypeError for what JSON cannot carry (a function, a BigInt, a cycle).
 */
export function jsonText(output: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(output === undefined ? null : output);
  } catch (error) {
    throw new TypeError(`the output is not JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new TypeError(`the output is not JSON: a ${typeof output}`);
  return text;
}

/** Keeps the task alive; rejects with CONFLICT once it is closed. */
export async function sendTaskHeartbeat(connection: Connection, taskToken: string): Promise<void> {
  await graphqlRequest(connection, SEND_TASK_HEARTBEAT, { taskToken }, { timeoutMs: REQUEST_TIMEOUT_MS });
}
