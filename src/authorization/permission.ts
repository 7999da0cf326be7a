/**
 * The one list of permissions. GraphQL fields (graphql-field.permissions.ts) and REST routes
 * (`@RequirePermission`) name these; roles grant them (role.permissions.ts).
 */
export enum Permission {
  StateMachineRead = 'state-machines:read',
  StateMachineWrite = 'state-machines:write',
  ExecutionRead = 'executions:read',
  ScheduleRead = 'schedules:read',
  ScheduleWrite = 'schedules:write',
  ExecutionStart = 'executions:start',
  ExecutionStop = 'executions:stop',
  ExecutionRedrive = 'executions:redrive',
  ActivityPoll = 'activities:poll',
  TaskRespond = 'tasks:respond',
  UserManage = 'users:manage',
  ApiKeyManage = 'api-keys:manage',
  AuditRead = 'audit:read',
  WebhookRead = 'webhooks:read',
  WebhookWrite = 'webhooks:write',
}
