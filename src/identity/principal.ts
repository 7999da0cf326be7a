import type { Role } from './role.js';

/** A signed-in user, from an access JWT checked against the users and sessions tables. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  /** The refresh-token family the access token was issued in; revoking it ends the token. */
  readonly sessionId: string;
  /** When the access token stops being valid: an open subscription is closed then. */
  readonly expiresAt: Date;
}

/** A machine calling with an API key. */
export interface ApiKeyPrincipal {
  readonly kind: 'apiKey';
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** Who is calling. Anonymous callers have none. */
export type Principal = UserPrincipal | ApiKeyPrincipal;
