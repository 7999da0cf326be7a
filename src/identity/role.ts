import { registerEnumType } from '@nestjs/graphql';

/**
 * Who may do what (docs/design.md §6). Users hold one of the first four; `worker` is for API keys of
 * external workers only. Each role's permissions are in {@link ROLE_PERMISSIONS}.
 */
export enum Role {
  admin = 'admin',
  editor = 'editor',
  operator = 'operator',
  viewer = 'viewer',
  worker = 'worker',
}

/** The roles a user account may hold: `worker` is reserved for API keys. */
export const USER_ROLES: readonly Role[] = [Role.admin, Role.editor, Role.operator, Role.viewer];

registerEnumType(Role, {
  name: 'Role',
  description:
    'admin ⊃ editor ⊃ operator ⊃ viewer; worker (API keys only) polls activities and answers tasks.',
});
