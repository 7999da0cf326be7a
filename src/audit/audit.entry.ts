import type { RequestOrigin } from '../common/request-origin.js';
import type { Principal } from '../identity/principal.js';

/** How an audited act ended: done, refused by access control or a rate limit, or failed otherwise. */
export type AuditOutcome = 'success' | 'denied' | 'failed';

/** Who acted: a user, an API key, or nobody signed in. */
export type AuditActorType = 'user' | 'api_key' | 'anonymous';

/** Who acted, as far as the audit log cares: a principal, or just its kind and id. */
export type AuditActor = Pick<Principal, 'kind' | 'id'>;

/**
 * One act to record. Never put a secret here (a password, a token, an API key, a header): the
 * fields are stored as given and shown to admins.
 */
export interface AuditEntry {
  /** The user or API key that acted; undefined for nobody signed in. */
  readonly actor: AuditActor | undefined;
  /** A GraphQL field (`createStateMachine`), a REST route (`POST /api/v1/...`) or an event (`auth.login`). */
  readonly operation: string;
  readonly targetIds?: readonly string[];
  readonly outcome: AuditOutcome;
  /** The error code when the outcome is not a success. */
  readonly errorCode?: string;
  readonly origin?: RequestOrigin;
  /** Further non-secret facts, e.g. `{ email }` of a failed login, `{ reason }` of a revocation. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A stored row, as the chain hashes it. */
export interface AuditRecord {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly actorType: AuditActorType;
  readonly actorId: string | null;
  readonly operation: string;
  readonly targetIds: readonly string[];
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  /** The trace the act belongs to (docs/tracing.md); null when tracing was off or no span was active. */
  readonly traceId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** The actor columns of a principal. */
export function actorOf(principal: AuditActor | undefined): {
  actorType: AuditActorType;
  actorId: string | null;
} {
  if (!principal) return { actorType: 'anonymous', actorId: null };
  return { actorType: principal.kind === 'user' ? 'user' : 'api_key', actorId: principal.id };
}
