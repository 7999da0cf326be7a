import { Permission } from './permission.js';

/** Anyone, signed in or not. */
export const PUBLIC = 'public';
/** Anyone signed in, whatever their role. */
export const SIGNED_IN = 'signed-in';

/** Who may call one root field. */
export type FieldAccess = Permission | typeof PUBLIC | typeof SIGNED_IN;

/** The root types whose fields are guarded one by one. */
export type RootTypeName = 'Query' | 'Mutation' | 'Subscription';

/**
 * THE map of every root GraphQL field to who may call it. graphql-shield rules are generated from
 * it (authorization.rules.ts) with deny as the fallback, so a field missing here is closed to
 * everyone; a unit test parses schema.gql and names any field that is missing or stale.
 */
export const GRAPHQL_FIELD_ACCESS: Readonly<Record<RootTypeName, Readonly<Record<string, FieldAccess>>>> = {
  Query: {
    apiVersion: PUBLIC,
    me: SIGNED_IN,
    users: Permission.UserManage,
    apiKeys: Permission.ApiKeyManage,
    auditLog: Permission.AuditRead,
    stateMachine: Permission.StateMachineRead,
    stateMachines: Permission.StateMachineRead,
    validateDefinition: Permission.StateMachineRead,
    execution: Permission.ExecutionRead,
    executions: Permission.ExecutionRead,
    bulkOperation: Permission.ExecutionRead,
    schedule: Permission.ScheduleRead,
    schedules: Permission.ScheduleRead,
    webhook: Permission.WebhookRead,
    webhooks: Permission.WebhookRead,
  },
  Mutation: {
    login: PUBLIC,
    refreshToken: PUBLIC,
    logout: PUBLIC,
    createUser: Permission.UserManage,
    updateUser: Permission.UserManage,
    createApiKey: Permission.ApiKeyManage,
    revokeApiKey: Permission.ApiKeyManage,
    createStateMachine: Permission.StateMachineWrite,
    updateStateMachine: Permission.StateMachineWrite,
    deleteStateMachine: Permission.StateMachineWrite,
    startExecution: Permission.ExecutionStart,
    stopExecution: Permission.ExecutionStop,
    // Who may stop an execution may hold it for a while instead.
    pauseExecution: Permission.ExecutionStop,
    resumeExecution: Permission.ExecutionStop,
    redriveExecution: Permission.ExecutionRedrive,
    stopExecutions: Permission.ExecutionStop,
    redriveExecutions: Permission.ExecutionRedrive,
    createSchedule: Permission.ScheduleWrite,
    updateSchedule: Permission.ScheduleWrite,
    deleteSchedule: Permission.ScheduleWrite,
    pauseSchedule: Permission.ScheduleWrite,
    resumeSchedule: Permission.ScheduleWrite,
    // A fire starts an execution: whoever may start executions may fire a schedule now or backfill it.
    triggerSchedule: Permission.ExecutionStart,
    backfillSchedule: Permission.ExecutionStart,
    getActivityTask: Permission.ActivityPoll,
    sendTaskSuccess: Permission.TaskRespond,
    sendTaskFailure: Permission.TaskRespond,
    sendTaskHeartbeat: Permission.TaskRespond,
    createWebhook: Permission.WebhookWrite,
    updateWebhook: Permission.WebhookWrite,
    rotateWebhookSecret: Permission.WebhookWrite,
    deleteWebhook: Permission.WebhookWrite,
  },
  // Checked when subscribing and again before every event (socket.access.ts).
  Subscription: {
    executionEvents: Permission.ExecutionRead,
    executionEventBatches: Permission.ExecutionRead,
    executionUpdated: Permission.ExecutionRead,
    executionsChanged: Permission.ExecutionRead,
    bulkOperationProgress: Permission.ExecutionRead,
  },
};

/**
 * Fields below the root that need more than the root field that reached them: every other field of
 * an object type is open to whoever could read its parent. A StateMachine is readable with
 * state-machines:read; its executions' counts need executions:read too. An execution's waiting tasks
 * carry their tokens, each a capability to answer the task: tasks:respond. A schedule's fires are
 * readable with schedules:read; the executions they started need executions:read.
 */
export const GRAPHQL_NESTED_FIELD_ACCESS: Readonly<Record<string, Readonly<Record<string, FieldAccess>>>> = {
  StateMachine: {
    executionCounts: Permission.ExecutionRead,
  },
  Execution: {
    waitingTasks: Permission.TaskRespond,
  },
  Schedule: {
    executions: Permission.ExecutionRead,
  },
  ScheduleFire: {
    execution: Permission.ExecutionRead,
  },
};
