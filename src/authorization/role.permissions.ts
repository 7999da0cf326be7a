import { Role } from '../identity/role.js';
import { Permission } from './permission.js';

const VIEWER = [
  Permission.StateMachineRead,
  Permission.ExecutionRead,
  Permission.ScheduleRead,
  Permission.WebhookRead,
];
const OPERATOR = [
  ...VIEWER,
  Permission.ExecutionStart,
  Permission.ExecutionStop,
  Permission.ExecutionRedrive,
  Permission.TaskRespond,
];
const EDITOR = [...OPERATOR, Permission.StateMachineWrite, Permission.ScheduleWrite, Permission.WebhookWrite];

/**
 * The role → permissions table of docs/design.md §6: admin ⊃ editor ⊃ operator ⊃ viewer, and `worker`
 * beside them with only what an external worker needs.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.admin]: new Set(Object.values(Permission)),
  [Role.editor]: new Set(EDITOR),
  [Role.operator]: new Set(OPERATOR),
  [Role.viewer]: new Set(VIEWER),
  [Role.worker]: new Set([Permission.ActivityPoll, Permission.TaskRespond]),
};

/** Whether `role` grants `permission`. */
export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
