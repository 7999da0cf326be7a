import { DataSource } from 'typeorm';
import type { BootedApp } from '../support/app.js';
import {
  CreateStateMachineDocument,
  ExecutionDocument,
  type ExecutionFieldsFragment,
  type ExecutionStatus,
} from '../support/generated/graphql.js';
import type { GraphqlClient, GraphqlResult } from '../support/graphql-client.js';
import { waitFor } from '../support/wait.js';

/** A Pass that shapes the input, then a builtin:echo Task: SUCCEEDED with `{ order, greeting }`. */
export const ECHO_DEFINITION = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.order', greeting: 'hello' }, Next: 'Echo' },
    Echo: { Type: 'Task', Resource: 'builtin:echo', End: true },
  },
};

/** The event types an ECHO_DEFINITION execution records, in order. */
export const ECHO_HISTORY = [
  'ExecutionStarted',
  'PassStateEntered',
  'PassStateExited',
  'TaskStateEntered',
  'TaskScheduled',
  'TaskStarted',
  'TaskSucceeded',
  'TaskStateExited',
  'ExecutionSucceeded',
];

/** Fails with `Boom` on its first attempt only: FAILED at first, SUCCEEDED once redriven. */
export const FAIL_ONCE_DEFINITION = {
  StartAt: 'Flaky',
  States: {
    Flaky: {
      Type: 'Task',
      Resource: 'builtin:flaky',
      Parameters: { error: 'Boom', failures: 1, 'order.$': '$.order' },
      ResultSelector: { 'order.$': '$.order' },
      End: true,
    },
  },
};

/** Waits for an answer to its task token, `$$.Task.Token`, which its TaskScheduled event shows. */
export const CALLBACK_DEFINITION = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
      End: true,
    },
  },
};

/** One Task run by the workers of an activity. */
export function activityDefinition(resource: string) {
  return { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: resource, End: true } } };
}

export const TERMINAL_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** Creates a state machine through GraphQL and returns its id. */
export async function createMachine(
  client: GraphqlClient,
  name: string,
  definition: unknown,
): Promise<string> {
  const data = await client.expectData(CreateStateMachineDocument, { input: { name, definition } });
  return data.createStateMachine.id;
}

/**
 * The execution once its status is one of `statuses` (by default: it has ended), waiting up to
 * `timeoutMs` (by default waitFor's).
 */
export async function awaitStatus(
  client: GraphqlClient,
  id: string,
  statuses: readonly ExecutionStatus[] = TERMINAL_STATUSES,
  timeoutMs?: number,
): Promise<ExecutionFieldsFragment> {
  return waitFor(
    async () => {
      const { execution } = await client.expectData(ExecutionDocument, { id });
      return statuses.includes(execution.status) ? execution : undefined;
    },
    { what: `execution ${id} to be ${statuses.join(' or ')}`, ...(timeoutMs ? { timeoutMs } : {}) },
  );
}

/** How many executions and history events the database holds: bad input must not change them. */
export async function storedExecutionRows(
  booted: BootedApp,
): Promise<{ executions: number; events: number }> {
  const [row] = await booted.app.get(DataSource).query<{ executions: number; events: number }[]>(
    `SELECT (SELECT count(*)::int FROM executions) AS executions,
            (SELECT count(*)::int FROM execution_events) AS events`,
  );
  return row!;
}

/** The task token of a CALLBACK_DEFINITION execution, as its TaskScheduled event records it. */
export async function callbackToken(booted: BootedApp, executionId: string): Promise<string> {
  return waitFor(
    async () => {
      const rows = await booted.app
        .get(DataSource)
        .query<{ details: { parameters: string } }[]>(
          `SELECT details FROM execution_events WHERE execution_id = $1 AND type = 'TaskScheduled'`,
          [executionId],
        );
      return rows[0] ? (JSON.parse(rows[0].details.parameters) as { token: string }).token : undefined;
    },
    { what: `the task token of execution ${executionId}` },
  );
}

/** The one error of a failed GraphQL result. */
export function errorOf(result: GraphqlResult<unknown>) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

/** REST requests to `/api/v1` of a booted app, as its admin. */
export interface RestClient {
  get(path: string): Promise<Response>;
  /** POSTs a JSON body; a string is sent as it is. */
  post(path: string, body?: unknown, signal?: AbortSignal): Promise<Response>;
}

export function restClient(booted: BootedApp): RestClient {
  const authorization = `Bearer ${booted.adminToken}`;
  return {
    get: (path) => fetch(`${booted.url}/api/v1${path}`, { headers: { authorization } }),
    post: (path, body = {}, signal) =>
      fetch(`${booted.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal,
      }),
  };
}

/** A problem+json body as the REST API sends it. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The problem of a failed REST response, checking its status and media type. */
export async function problemOf(response: Response, status: number): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = (await response.json()) as Problem;
  expect({ status: response.status, problem: problem.status }).toEqual({ status, problem: status });
  return problem;
}
