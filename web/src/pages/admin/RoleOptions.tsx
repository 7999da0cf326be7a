import type { Role } from '../../generated/graphql';

/** The `<option>`s of a role picker, each named by its role. */
export function RoleOptions({ roles }: { roles: readonly Role[] }) {
  return (
    <>
      {roles.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </>
  );
}
