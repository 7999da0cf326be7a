import type { Principal } from './principal.js';

/** How a principal is named to people (who paused an execution): a user's email, an API key's name. */
export function principalLabel(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? principal.email : `API key ${principal.name}`;
}
