import { AppError } from '../common/app-error.js';
import type { Principal } from '../identity/principal.js';
import { PUBLIC, SIGNED_IN, type FieldAccess } from './graphql-field.permissions.js';
import { roleGrants } from './role.permissions.js';

/**
 * Whether `principal` may use something guarded by `access`: undefined when it may, else the error
 * to answer: UNAUTHENTICATED for nobody signed in, FORBIDDEN for a role without the permission.
 * The answer never depends on which resource was asked for, so it reveals nothing about it.
 */
export function accessDenial(access: FieldAccess, principal: Principal | undefined): AppError | undefined {
  if (access === PUBLIC) return undefined;
  if (!principal) return AppError.unauthenticated();
  if (access === SIGNED_IN) return undefined;
  return roleGrants(principal.role, access)
    ? undefined
    : AppError.forbidden(`Your role (${principal.role}) does not allow this`);
}
