/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Which audit rows to list; every field set must match. */
export type AuditLogFilter = {
  actorId?: string | number | null | undefined;
  operation?: string | null | undefined;
  outcome?: AuditOutcome | null | undefined;
  /** Rows at or after this instant. */
  since?: string | null | undefined;
  /** Rows before this instant. */
  until?: string | null | undefined;
};

/** success; denied (by access control or a rate limit); failed (any other error). */
export type AuditOutcome =
  | 'denied'
  | 'failed'
  | 'success';

/** A new API key. */
export type CreateApiKeyInput = {
  /** What the key is for, e.g. "billing worker". */
  name: string;
  /** Usually worker: poll activities and answer task tokens, nothing else. */
  role: Role;
};

/** A new schedule: which state machine to start on which input, and when. */
export type CreateScheduleInput = {
  /** 0 to 604800 (7 days). Default: 60. */
  catchupWindowSeconds?: number | null | undefined;
  /** At most 1024 characters. */
  description?: string | null | undefined;
  /** False creates the schedule paused. Default: true. */
  enabled?: boolean | null | undefined;
  /** No fire after this instant. */
  endAt?: string | null | undefined;
  /** cron(min hour day-of-month month day-of-week year) as EventBridge writes it, a five- or six-field (seconds first) cron, rate(N seconds|minutes|hours|days), or at(yyyy-mm-ddThh:mm:ss) for one fire. */
  expression: string;
  /** Any JSON value; a string is read as JSON text, as AWS does (send "\"text\"" for a JSON string). At most 262144 bytes of JSON (256 KiB). Default: {}. */
  input?: unknown;
  /** 0 to 86400 (1 day). Default: 0. */
  jitterSeconds?: number | null | undefined;
  /** Unique; 1 to 64 ASCII letters, digits, ".", "-" and "_". */
  name: string;
  /** Default: SKIP. */
  overlapPolicy?: OverlapPolicy | null | undefined;
  /** No fire before this instant. */
  startAt?: string | null | undefined;
  /** The state machine to start. */
  stateMachineId: string | number;
  /** An IANA time zone. Default: UTC. */
  timezone?: string | null | undefined;
  /** A version to pin. Default: the latest at each fire. */
  version?: number | null | undefined;
};

/** A new state machine; its definition becomes version 1. */
export type CreateStateMachineInput = {
  /** The Amazon States Language definition: a JSON object, or a JSON string of one; at most 1048576 bytes of JSON (1 MiB). */
  definition: unknown;
  /** At most 1024 characters. */
  description?: string | null | undefined;
  /** 1 to 80 ASCII letters, digits, "-" and "_"; unique. */
  name: string;
};

/** A new user account. */
export type CreateUserInput = {
  email: string;
  /** At least 12 characters. */
  password: string;
  /** admin, editor, operator or viewer (worker is for API keys). */
  role: Role;
};

/** A new webhook; its secret is generated and shown once. */
export type CreateWebhookInput = {
  description?: string | null | undefined;
  enabled?: boolean;
  idempotencyHeader?: string;
  /** JSONata over `{ body, headers, query }` whose result becomes the input; absent or null: the JSON body is. */
  inputTransform?: string | null | undefined;
  /** 1 to 64 ASCII letters, digits, "_", "." and "-"; unique. */
  name: string;
  signature?: WebhookSignature;
  stateMachineId: string | number;
};

/** Where an execution stands: RUNNING until it ends in one of the other four. */
export type ExecutionStatus =
  | 'ABORTED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

/** Which executions to list; every field given narrows the list. */
export type ExecutionsFilter = {
  /** Only executions whose cause contains this text, ignoring case (3 to 200 characters). */
  causeContains?: string | null | undefined;
  /** Only executions that ended with this error, exactly (e.g. States.TaskFailed). */
  errorName?: string | null | undefined;
  /** Only executions whose input holds this value at this path: $ then one or more .name or ['name'] segments, then ==, then a JSON value, as in $.customerId == "c-42" or $['order'].total == 12.5. */
  input?: string | null | undefined;
  /** Only executions whose name starts with this text. */
  namePrefix?: string | null | undefined;
  /** Only executions started after this instant (exclusive, to the millisecond). */
  startedAfter?: string | null | undefined;
  /** Only executions started before this instant (exclusive, to the millisecond). */
  startedBefore?: string | null | undefined;
  /** Only executions of this state machine. */
  stateMachineId?: string | number | null | undefined;
  /** Only executions with this status. */
  status?: ExecutionStatus | null | undefined;
  /** Only executions of this version of the state machine; needs stateMachineId. */
  version?: number | null | undefined;
};

/** What a fire does while the previous execution of its schedule still runs: skip the fire, buffer one or all, stop the running one first, or run both. */
export type OverlapPolicy =
  | 'ALLOW_ALL'
  | 'BUFFER_ALL'
  | 'BUFFER_ONE'
  | 'CANCEL_OTHER'
  | 'SKIP';

/** admin ⊃ editor ⊃ operator ⊃ viewer; worker (API keys only) polls activities and answers tasks. */
export type Role =
  | 'admin'
  | 'editor'
  | 'operator'
  | 'viewer'
  | 'worker';

/** Where a fire came from: the expression, triggerSchedule, or backfillSchedule. */
export type ScheduleFireKind =
  | 'BACKFILL'
  | 'SCHEDULED'
  | 'TRIGGERED';

/** What became of a fire: it started an execution, waits for the running one (BUFFERED), was skipped because one ran or because it was older than the catch-up window, or failed (see cause). */
export type ScheduleFireOutcome =
  | 'BUFFERED'
  | 'FAILED'
  | 'SKIPPED_CATCHUP'
  | 'SKIPPED_OVERLAP'
  | 'STARTED';

/** Which schedules to list; every field given narrows the list. */
export type SchedulesFilter = {
  /** Only enabled (true) or paused (false) schedules. */
  enabled?: boolean | null | undefined;
  /** Only schedules whose name starts with this text. */
  namePrefix?: string | null | undefined;
  /** Only schedules of this state machine. */
  stateMachineId?: string | number | null | undefined;
};

/** What to run: a state machine (by id or by name, exactly one) on an input. */
export type StartExecutionInput = {
  /** Any JSON value; a string is read as JSON text, as AWS does (send "\"text\"" for a JSON string). At most 262144 bytes of JSON (256 KiB). Default: {}. */
  input?: unknown;
  /** Unique per state machine; starting again with the same name returns the existing execution. Default: a UUID. */
  name?: string | null | undefined;
  /** The state machine to run; or give stateMachineName. */
  stateMachineId?: string | number | null | undefined;
  /** The name of the state machine to run. */
  stateMachineName?: string | null | undefined;
  /** The version to run. Default: the latest. */
  version?: number | null | undefined;
};

/** Which state machines to list. */
export type StateMachineFilter = {
  /** Only state machines whose name contains this text, ignoring case. */
  nameContains?: string | null | undefined;
};

/** Changes to a user account; fields left out stay as they are. */
export type UpdateUserInput = {
  /** Disabling signs the user out everywhere: every session is revoked. */
  disabled?: boolean | null | undefined;
  role?: Role | null | undefined;
};

/** What an open state waits for: a Wait state's time, an answer to a task token, an activity worker, an engine job, a nested execution, a Map's or Parallel's children, a retry's backoff, or an operator's pause of the whole execution. */
export type WaitKind =
  | 'ACTIVITY'
  | 'CHILD_EXECUTION'
  | 'JOB'
  | 'MAP_ITERATIONS'
  | 'PAUSED'
  | 'RETRY_BACKOFF'
  | 'TASK_TOKEN'
  | 'TIMER';

/** How calls are signed. */
export type WebhookSignature =
  /** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, GitHub's scheme. */
  | 'GITHUB'
  /** `Stepgraph-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
  | 'STEPGRAPH';

export type UserRowFragment = { id: string, email: string, role: Role, disabled: boolean, createdAt: string };

export type UsersPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type UsersPageQuery = { users: { totalCount: number, edges: Array<{ node: { id: string, email: string, role: Role, disabled: boolean, createdAt: string } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, email: string, role: Role, disabled: boolean, createdAt: string } };

export type UpdateUserMutationVariables = Exact<{
  id: string | number;
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string, email: string, role: Role, disabled: boolean, createdAt: string } };

export type ApiKeyRowFragment = { id: string, name: string, role: Role, accessKeyId: string | null, createdAt: string, lastUsedAt: string | null };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, role: Role, accessKeyId: string | null, createdAt: string, lastUsedAt: string | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, accessKeyId: string, secretAccessKey: string, apiKey: { id: string, name: string, role: Role, accessKeyId: string | null, createdAt: string, lastUsedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: boolean };

export type AuditLogPageQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type AuditLogPageQuery = { auditLog: { totalCount: number, edges: Array<{ node: { seq: number, occurredAt: string, operation: string, outcome: AuditOutcome, actorType: string, actorId: string | null, targetIds: Array<string>, errorCode: string | null, ip: string | null, requestId: string | null } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type EventRowFragment = { seq: number, type: string, timestamp: string, stateName: string | null, details: unknown };

export type EventRowsQueryVariables = Exact<{
  id: string | number;
  first: number;
  afterSeq?: number | null | undefined;
  types?: Array<string> | string | null | undefined;
  search?: string | null | undefined;
}>;


export type EventRowsQuery = { execution: { id: string, events: { totalCount: number, pageInfo: { hasNextPage: boolean }, edges: Array<{ node: { seq: number, type: string, timestamp: string, stateName: string | null, details: unknown } }> } } };

export type ExecutionRestartQueryVariables = Exact<{
  id: string | number;
}>;


export type ExecutionRestartQuery = { execution: { id: string, input: unknown, version: number, stateMachine: { id: string } } };

export type SendTaskSuccessMutationVariables = Exact<{
  taskToken: string;
  output: unknown;
}>;


export type SendTaskSuccessMutation = { sendTaskSuccess: boolean };

export type SendTaskFailureMutationVariables = Exact<{
  taskToken: string;
  error?: string | null | undefined;
  cause?: string | null | undefined;
}>;


export type SendTaskFailureMutation = { sendTaskFailure: boolean };

export type ExecutionWaitingTasksQueryVariables = Exact<{
  id: string | number;
}>;


export type ExecutionWaitingTasksQuery = { execution: { id: string, waitingTasks: Array<{ stateName: string, branchPath: Array<number>, scheduledSeq: number, taskToken: string }> } };

export type ExecutionDetailFragment = { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } };

export type ExecutionViewQueryVariables = Exact<{
  id: string | number;
}>;


export type ExecutionViewQuery = { execution: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type MachineVersionsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type MachineVersionsQuery = { stateMachine: { id: string, version: number, definition: unknown, versions: { edges: Array<{ node: { version: number, definition: unknown } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } };

export type ExecutionEventsPageQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type ExecutionEventsPageQuery = { execution: { id: string, events: { totalCount: number, edges: Array<{ node: { seq: number, type: string, timestamp: string, stateName: string | null, previousEventId: number | null, details: unknown } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } };

export type HistoryEventFragment = { seq: number, type: string, timestamp: string, stateName: string | null, previousEventId: number | null, details: unknown };

export type ExecutionEventBatchesSubscriptionVariables = Exact<{
  executionId: string | number;
  afterSeq?: number | null | undefined;
}>;


export type ExecutionEventBatchesSubscription = { executionEventBatches: Array<{ seq: number, type: string, timestamp: string, stateName: string | null, previousEventId: number | null, details: unknown }> };

export type ExecutionUpdatedSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type ExecutionUpdatedSubscription = { executionUpdated: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type StopExecutionMutationVariables = Exact<{
  id: string | number;
}>;


export type StopExecutionMutation = { stopExecution: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type PauseExecutionMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseExecutionMutation = { pauseExecution: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type ResumeExecutionMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeExecutionMutation = { resumeExecution: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type RedriveExecutionMutationVariables = Exact<{
  id: string | number;
}>;


export type RedriveExecutionMutation = { redriveExecution: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, redrivenAt: string | null, redriveCount: number, version: number, error: string | null, cause: string | null, paused: boolean, pausedAt: string | null, pausedBy: string | null, stateMachine: { id: string, name: string } } };

export type ExecutionWaitingOnQueryVariables = Exact<{
  id: string | number;
}>;


export type ExecutionWaitingOnQuery = { execution: { id: string, waitingOn: Array<{ kind: WaitKind, state: string, branchPath: Array<number>, since: string | null, until: string | null, detail: string, childExecutionId: string | null, childStatus: string | null }> } };

export type ExecutionRowFragment = { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, version: number, stateMachine: { id: string, name: string } };

export type ExecutionsPageQueryVariables = Exact<{
  filter?: ExecutionsFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ExecutionsPageQuery = { executions: { totalCount: number, edges: Array<{ node: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, version: number, stateMachine: { id: string, name: string } } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type StateMachineNamesQueryVariables = Exact<{
  first: number;
}>;


export type StateMachineNamesQuery = { stateMachines: { edges: Array<{ node: { id: string, name: string } }> } };

export type ExecutionsChangedSubscriptionVariables = Exact<{
  stateMachineId?: string | number | null | undefined;
}>;


export type ExecutionsChangedSubscription = { executionsChanged: { id: string, name: string, status: ExecutionStatus, startedAt: string, stoppedAt: string | null, version: number, stateMachine: { id: string, name: string } } };

export type ScheduleListQueryVariables = Exact<{
  filter?: SchedulesFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ScheduleListQuery = { schedules: { totalCount: number, edges: Array<{ node: { id: string, name: string, expression: string, timezone: string, nextFireTime: string | null, enabled: boolean, overlapPolicy: OverlapPolicy, stateMachine: { id: string, name: string } } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ScheduleMachineOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ScheduleMachineOptionsQuery = { stateMachines: { edges: Array<{ node: { id: string, name: string } }> } };

export type ScheduleFireRowFragment = { scheduledTime: string, kind: ScheduleFireKind, outcome: ScheduleFireOutcome, cause: string | null, decidedAt: string, execution: { id: string, name: string, status: ExecutionStatus } | null };

export type ScheduleViewQueryVariables = Exact<{
  id: string | number;
}>;


export type ScheduleViewQuery = { schedule: { id: string, name: string, description: string | null, version: number | null, expression: string, timezone: string, input: unknown, overlapPolicy: OverlapPolicy, catchupWindowSeconds: number, jitterSeconds: number, startAt: string | null, endAt: string | null, enabled: boolean, nextFireTime: string | null, createdAt: string, updatedAt: string, nextFireTimes: Array<string>, stateMachine: { id: string, name: string }, recentFires: Array<{ scheduledTime: string, kind: ScheduleFireKind, outcome: ScheduleFireOutcome, cause: string | null, decidedAt: string, execution: { id: string, name: string, status: ExecutionStatus } | null }> } };

export type CreateScheduleMutationVariables = Exact<{
  input: CreateScheduleInput;
}>;


export type CreateScheduleMutation = { createSchedule: { id: string } };

export type PauseScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseScheduleMutation = { pauseSchedule: { id: string, enabled: boolean } };

export type ResumeScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeScheduleMutation = { resumeSchedule: { id: string, enabled: boolean } };

export type TriggerScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type TriggerScheduleMutation = { triggerSchedule: { scheduledTime: string, kind: ScheduleFireKind, outcome: ScheduleFireOutcome, cause: string | null, decidedAt: string, execution: { id: string, name: string, status: ExecutionStatus } | null } };

export type BackfillScheduleMutationVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
}>;


export type BackfillScheduleMutation = { backfillSchedule: { fires: number, started: number, buffered: number, skipped: number, failed: number } };

export type DeleteScheduleMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteScheduleMutation = { deleteSchedule: { id: string } };

export type StateMachineListQueryVariables = Exact<{
  filter?: StateMachineFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type StateMachineListQuery = { stateMachines: { totalCount: number, edges: Array<{ node: { id: string, name: string, description: string | null, version: number, updatedAt: string, executionCounts: Array<{ status: ExecutionStatus, count: number }> } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ValidateDefinitionQueryVariables = Exact<{
  definition: unknown;
}>;


export type ValidateDefinitionQuery = { validateDefinition: { valid: boolean, diagnostics: Array<{ path: string, message: string }> } };

export type CreateStateMachineMutationVariables = Exact<{
  input: CreateStateMachineInput;
}>;


export type CreateStateMachineMutation = { createStateMachine: { id: string, name: string } };

export type StateMachineViewQueryVariables = Exact<{
  name: string;
  first: number;
}>;


export type StateMachineViewQuery = { stateMachine: { id: string, name: string, description: string | null, version: number, createdAt: string, updatedAt: string, versions: { totalCount: number, edges: Array<{ node: { version: number, createdAt: string, definition: unknown } }> } } };

export type StartExecutionMutationVariables = Exact<{
  input: StartExecutionInput;
}>;


export type StartExecutionMutation = { startExecution: { id: string } };

export type WebhookRowFragment = { id: string, name: string, url: string, enabled: boolean, signature: WebhookSignature, inputTransform: string | null, idempotencyHeader: string, previousSecretExpiresAt: string | null, createdAt: string, stateMachine: { id: string, name: string } };

export type WebhooksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type WebhooksQuery = { webhooks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, url: string, enabled: boolean, signature: WebhookSignature, inputTransform: string | null, idempotencyHeader: string, previousSecretExpiresAt: string | null, createdAt: string, stateMachine: { id: string, name: string } } }> } };

export type WebhookStateMachinesQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookStateMachinesQuery = { stateMachines: { edges: Array<{ node: { id: string, name: string } }> } };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, name: string, url: string, enabled: boolean, signature: WebhookSignature, inputTransform: string | null, idempotencyHeader: string, previousSecretExpiresAt: string | null, createdAt: string, stateMachine: { id: string, name: string } } } };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
  overlapSeconds: number;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, webhook: { id: string, name: string, url: string, enabled: boolean, signature: WebhookSignature, inputTransform: string | null, idempotencyHeader: string, previousSecretExpiresAt: string | null, createdAt: string, stateMachine: { id: string, name: string } } } };

export type SetWebhookEnabledMutationVariables = Exact<{
  id: string | number;
  enabled: boolean;
}>;


export type SetWebhookEnabledMutation = { updateWebhook: { id: string, name: string, url: string, enabled: boolean, signature: WebhookSignature, inputTransform: string | null, idempotencyHeader: string, previousSecretExpiresAt: string | null, createdAt: string, stateMachine: { id: string, name: string } } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UserRowFragmentDoc = new TypedDocumentString(`
    fragment UserRow on User {
  id
  email
  role
  disabled
  createdAt
}
    `, {"fragmentName":"UserRow"}) as unknown as TypedDocumentString<UserRowFragment, unknown>;
export const ApiKeyRowFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyRow on ApiKey {
  id
  name
  role
  accessKeyId
  createdAt
  lastUsedAt
}
    `, {"fragmentName":"ApiKeyRow"}) as unknown as TypedDocumentString<ApiKeyRowFragment, unknown>;
export const EventRowFragmentDoc = new TypedDocumentString(`
    fragment EventRow on ExecutionEvent {
  seq
  type
  timestamp
  stateName
  details
}
    `, {"fragmentName":"EventRow"}) as unknown as TypedDocumentString<EventRowFragment, unknown>;
export const ExecutionDetailFragmentDoc = new TypedDocumentString(`
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}
    `, {"fragmentName":"ExecutionDetail"}) as unknown as TypedDocumentString<ExecutionDetailFragment, unknown>;
export const HistoryEventFragmentDoc = new TypedDocumentString(`
    fragment HistoryEvent on ExecutionEvent {
  seq
  type
  timestamp
  stateName
  previousEventId
  details
}
    `, {"fragmentName":"HistoryEvent"}) as unknown as TypedDocumentString<HistoryEventFragment, unknown>;
export const ExecutionRowFragmentDoc = new TypedDocumentString(`
    fragment ExecutionRow on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  version
  stateMachine {
    id
    name
  }
}
    `, {"fragmentName":"ExecutionRow"}) as unknown as TypedDocumentString<ExecutionRowFragment, unknown>;
export const ScheduleFireRowFragmentDoc = new TypedDocumentString(`
    fragment ScheduleFireRow on ScheduleFire {
  scheduledTime
  kind
  outcome
  cause
  decidedAt
  execution {
    id
    name
    status
  }
}
    `, {"fragmentName":"ScheduleFireRow"}) as unknown as TypedDocumentString<ScheduleFireRowFragment, unknown>;
export const WebhookRowFragmentDoc = new TypedDocumentString(`
    fragment WebhookRow on Webhook {
  id
  name
  url
  enabled
  signature
  stateMachine {
    id
    name
  }
  inputTransform
  idempotencyHeader
  previousSecretExpiresAt
  createdAt
}
    `, {"fragmentName":"WebhookRow"}) as unknown as TypedDocumentString<WebhookRowFragment, unknown>;
export const UsersPageDocument = new TypedDocumentString(`
    query UsersPage($first: Int!, $after: String) {
  users(first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...UserRow
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    fragment UserRow on User {
  id
  email
  role
  disabled
  createdAt
}`) as unknown as TypedDocumentString<UsersPageQuery, UsersPageQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    ...UserRow
  }
}
    fragment UserRow on User {
  id
  email
  role
  disabled
  createdAt
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    ...UserRow
  }
}
    fragment UserRow on User {
  id
  email
  role
  disabled
  createdAt
}`) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    ...ApiKeyRow
  }
}
    fragment ApiKeyRow on ApiKey {
  id
  name
  role
  accessKeyId
  createdAt
  lastUsedAt
}`) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    key
    accessKeyId
    secretAccessKey
    apiKey {
      ...ApiKeyRow
    }
  }
}
    fragment ApiKeyRow on ApiKey {
  id
  name
  role
  accessKeyId
  createdAt
  lastUsedAt
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const AuditLogPageDocument = new TypedDocumentString(`
    query AuditLogPage($filter: AuditLogFilter, $first: Int!, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        seq
        occurredAt
        operation
        outcome
        actorType
        actorId
        targetIds
        errorCode
        ip
        requestId
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogPageQuery, AuditLogPageQueryVariables>;
export const EventRowsDocument = new TypedDocumentString(`
    query EventRows($id: ID!, $first: Int!, $afterSeq: Int, $types: [String!], $search: String) {
  execution(id: $id) {
    id
    events(first: $first, afterSeq: $afterSeq, types: $types, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          ...EventRow
        }
      }
    }
  }
}
    fragment EventRow on ExecutionEvent {
  seq
  type
  timestamp
  stateName
  details
}`) as unknown as TypedDocumentString<EventRowsQuery, EventRowsQueryVariables>;
export const ExecutionRestartDocument = new TypedDocumentString(`
    query ExecutionRestart($id: ID!) {
  execution(id: $id) {
    id
    input
    version
    stateMachine {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ExecutionRestartQuery, ExecutionRestartQueryVariables>;
export const SendTaskSuccessDocument = new TypedDocumentString(`
    mutation SendTaskSuccess($taskToken: String!, $output: JSON!) {
  sendTaskSuccess(taskToken: $taskToken, output: $output)
}
    `) as unknown as TypedDocumentString<SendTaskSuccessMutation, SendTaskSuccessMutationVariables>;
export const SendTaskFailureDocument = new TypedDocumentString(`
    mutation SendTaskFailure($taskToken: String!, $error: String, $cause: String) {
  sendTaskFailure(taskToken: $taskToken, error: $error, cause: $cause)
}
    `) as unknown as TypedDocumentString<SendTaskFailureMutation, SendTaskFailureMutationVariables>;
export const ExecutionWaitingTasksDocument = new TypedDocumentString(`
    query ExecutionWaitingTasks($id: ID!) {
  execution(id: $id) {
    id
    waitingTasks {
      stateName
      branchPath
      scheduledSeq
      taskToken
    }
  }
}
    `) as unknown as TypedDocumentString<ExecutionWaitingTasksQuery, ExecutionWaitingTasksQueryVariables>;
export const ExecutionViewDocument = new TypedDocumentString(`
    query ExecutionView($id: ID!) {
  execution(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<ExecutionViewQuery, ExecutionViewQueryVariables>;
export const MachineVersionsDocument = new TypedDocumentString(`
    query MachineVersions($id: ID!, $first: Int!, $after: String) {
  stateMachine(id: $id) {
    id
    version
    definition
    versions(first: $first, after: $after) {
      edges {
        node {
          version
          definition
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MachineVersionsQuery, MachineVersionsQueryVariables>;
export const ExecutionEventsPageDocument = new TypedDocumentString(`
    query ExecutionEventsPage($id: ID!, $first: Int!, $after: String) {
  execution(id: $id) {
    id
    events(first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...HistoryEvent
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    fragment HistoryEvent on ExecutionEvent {
  seq
  type
  timestamp
  stateName
  previousEventId
  details
}`) as unknown as TypedDocumentString<ExecutionEventsPageQuery, ExecutionEventsPageQueryVariables>;
export const ExecutionEventBatchesDocument = new TypedDocumentString(`
    subscription ExecutionEventBatches($executionId: ID!, $afterSeq: Int) {
  executionEventBatches(executionId: $executionId, afterSeq: $afterSeq) {
    ...HistoryEvent
  }
}
    fragment HistoryEvent on ExecutionEvent {
  seq
  type
  timestamp
  stateName
  previousEventId
  details
}`) as unknown as TypedDocumentString<ExecutionEventBatchesSubscription, ExecutionEventBatchesSubscriptionVariables>;
export const ExecutionUpdatedDocument = new TypedDocumentString(`
    subscription ExecutionUpdated($id: ID!) {
  executionUpdated(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<ExecutionUpdatedSubscription, ExecutionUpdatedSubscriptionVariables>;
export const StopExecutionDocument = new TypedDocumentString(`
    mutation StopExecution($id: ID!) {
  stopExecution(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<StopExecutionMutation, StopExecutionMutationVariables>;
export const PauseExecutionDocument = new TypedDocumentString(`
    mutation PauseExecution($id: ID!) {
  pauseExecution(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<PauseExecutionMutation, PauseExecutionMutationVariables>;
export const ResumeExecutionDocument = new TypedDocumentString(`
    mutation ResumeExecution($id: ID!) {
  resumeExecution(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<ResumeExecutionMutation, ResumeExecutionMutationVariables>;
export const RedriveExecutionDocument = new TypedDocumentString(`
    mutation RedriveExecution($id: ID!) {
  redriveExecution(id: $id) {
    ...ExecutionDetail
  }
}
    fragment ExecutionDetail on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  redrivenAt
  redriveCount
  version
  error
  cause
  paused
  pausedAt
  pausedBy
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<RedriveExecutionMutation, RedriveExecutionMutationVariables>;
export const ExecutionWaitingOnDocument = new TypedDocumentString(`
    query ExecutionWaitingOn($id: ID!) {
  execution(id: $id) {
    id
    waitingOn {
      kind
      state
      branchPath
      since
      until
      detail
      childExecutionId
      childStatus
    }
  }
}
    `) as unknown as TypedDocumentString<ExecutionWaitingOnQuery, ExecutionWaitingOnQueryVariables>;
export const ExecutionsPageDocument = new TypedDocumentString(`
    query ExecutionsPage($filter: ExecutionsFilter, $first: Int!, $after: String) {
  executions(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...ExecutionRow
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    fragment ExecutionRow on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  version
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<ExecutionsPageQuery, ExecutionsPageQueryVariables>;
export const StateMachineNamesDocument = new TypedDocumentString(`
    query StateMachineNames($first: Int!) {
  stateMachines(first: $first) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StateMachineNamesQuery, StateMachineNamesQueryVariables>;
export const ExecutionsChangedDocument = new TypedDocumentString(`
    subscription ExecutionsChanged($stateMachineId: ID) {
  executionsChanged(stateMachineId: $stateMachineId) {
    ...ExecutionRow
  }
}
    fragment ExecutionRow on Execution {
  id
  name
  status
  startedAt
  stoppedAt
  version
  stateMachine {
    id
    name
  }
}`) as unknown as TypedDocumentString<ExecutionsChangedSubscription, ExecutionsChangedSubscriptionVariables>;
export const ScheduleListDocument = new TypedDocumentString(`
    query ScheduleList($filter: SchedulesFilter, $first: Int!, $after: String) {
  schedules(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        name
        stateMachine {
          id
          name
        }
        expression
        timezone
        nextFireTime
        enabled
        overlapPolicy
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<ScheduleListQuery, ScheduleListQueryVariables>;
export const ScheduleMachineOptionsDocument = new TypedDocumentString(`
    query ScheduleMachineOptions {
  stateMachines(first: 100) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ScheduleMachineOptionsQuery, ScheduleMachineOptionsQueryVariables>;
export const ScheduleViewDocument = new TypedDocumentString(`
    query ScheduleView($id: ID!) {
  schedule(id: $id) {
    id
    name
    description
    stateMachine {
      id
      name
    }
    version
    expression
    timezone
    input
    overlapPolicy
    catchupWindowSeconds
    jitterSeconds
    startAt
    endAt
    enabled
    nextFireTime
    createdAt
    updatedAt
    nextFireTimes(count: 10)
    recentFires(first: 20) {
      ...ScheduleFireRow
    }
  }
}
    fragment ScheduleFireRow on ScheduleFire {
  scheduledTime
  kind
  outcome
  cause
  decidedAt
  execution {
    id
    name
    status
  }
}`) as unknown as TypedDocumentString<ScheduleViewQuery, ScheduleViewQueryVariables>;
export const CreateScheduleDocument = new TypedDocumentString(`
    mutation CreateSchedule($input: CreateScheduleInput!) {
  createSchedule(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const PauseScheduleDocument = new TypedDocumentString(`
    mutation PauseSchedule($id: ID!) {
  pauseSchedule(id: $id) {
    id
    enabled
  }
}
    `) as unknown as TypedDocumentString<PauseScheduleMutation, PauseScheduleMutationVariables>;
export const ResumeScheduleDocument = new TypedDocumentString(`
    mutation ResumeSchedule($id: ID!) {
  resumeSchedule(id: $id) {
    id
    enabled
  }
}
    `) as unknown as TypedDocumentString<ResumeScheduleMutation, ResumeScheduleMutationVariables>;
export const TriggerScheduleDocument = new TypedDocumentString(`
    mutation TriggerSchedule($id: ID!) {
  triggerSchedule(id: $id) {
    ...ScheduleFireRow
  }
}
    fragment ScheduleFireRow on ScheduleFire {
  scheduledTime
  kind
  outcome
  cause
  decidedAt
  execution {
    id
    name
    status
  }
}`) as unknown as TypedDocumentString<TriggerScheduleMutation, TriggerScheduleMutationVariables>;
export const BackfillScheduleDocument = new TypedDocumentString(`
    mutation BackfillSchedule($id: ID!, $from: DateTime!, $to: DateTime!) {
  backfillSchedule(id: $id, from: $from, to: $to) {
    fires
    started
    buffered
    skipped
    failed
  }
}
    `) as unknown as TypedDocumentString<BackfillScheduleMutation, BackfillScheduleMutationVariables>;
export const DeleteScheduleDocument = new TypedDocumentString(`
    mutation DeleteSchedule($id: ID!) {
  deleteSchedule(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const StateMachineListDocument = new TypedDocumentString(`
    query StateMachineList($filter: StateMachineFilter, $first: Int!, $after: String) {
  stateMachines(filter: $filter, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        name
        description
        version
        updatedAt
        executionCounts {
          status
          count
        }
      }
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<StateMachineListQuery, StateMachineListQueryVariables>;
export const ValidateDefinitionDocument = new TypedDocumentString(`
    query ValidateDefinition($definition: JSON!) {
  validateDefinition(definition: $definition) {
    valid
    diagnostics {
      path
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ValidateDefinitionQuery, ValidateDefinitionQueryVariables>;
export const CreateStateMachineDocument = new TypedDocumentString(`
    mutation CreateStateMachine($input: CreateStateMachineInput!) {
  createStateMachine(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CreateStateMachineMutation, CreateStateMachineMutationVariables>;
export const StateMachineViewDocument = new TypedDocumentString(`
    query StateMachineView($name: String!, $first: Int!) {
  stateMachine(name: $name) {
    id
    name
    description
    version
    createdAt
    updatedAt
    versions(first: $first) {
      totalCount
      edges {
        node {
          version
          createdAt
          definition
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StateMachineViewQuery, StateMachineViewQueryVariables>;
export const StartExecutionDocument = new TypedDocumentString(`
    mutation StartExecution($input: StartExecutionInput!) {
  startExecution(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartExecutionMutation, StartExecutionMutationVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks($first: Int!, $after: String) {
  webhooks(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...WebhookRow
      }
    }
  }
}
    fragment WebhookRow on Webhook {
  id
  name
  url
  enabled
  signature
  stateMachine {
    id
    name
  }
  inputTransform
  idempotencyHeader
  previousSecretExpiresAt
  createdAt
}`) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const WebhookStateMachinesDocument = new TypedDocumentString(`
    query WebhookStateMachines {
  stateMachines(first: 100) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookStateMachinesQuery, WebhookStateMachinesQueryVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    secret
    webhook {
      ...WebhookRow
    }
  }
}
    fragment WebhookRow on Webhook {
  id
  name
  url
  enabled
  signature
  stateMachine {
    id
    name
  }
  inputTransform
  idempotencyHeader
  previousSecretExpiresAt
  createdAt
}`) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($id: ID!, $overlapSeconds: Int!) {
  rotateWebhookSecret(id: $id, overlapSeconds: $overlapSeconds) {
    secret
    webhook {
      ...WebhookRow
    }
  }
}
    fragment WebhookRow on Webhook {
  id
  name
  url
  enabled
  signature
  stateMachine {
    id
    name
  }
  inputTransform
  idempotencyHeader
  previousSecretExpiresAt
  createdAt
}`) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const SetWebhookEnabledDocument = new TypedDocumentString(`
    mutation SetWebhookEnabled($id: ID!, $enabled: Boolean!) {
  updateWebhook(id: $id, input: {enabled: $enabled}) {
    ...WebhookRow
  }
}
    fragment WebhookRow on Webhook {
  id
  name
  url
  enabled
  signature
  stateMachine {
    id
    name
  }
  inputTransform
  idempotencyHeader
  previousSecretExpiresAt
  createdAt
}`) as unknown as TypedDocumentString<SetWebhookEnabledMutation, SetWebhookEnabledMutationVariables>;
export const DeleteWebhookDocument = new TypedDocumentString(`
    mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookMutation, DeleteWebhookMutationVariables>;