import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../identity/principal.js';

/** An open subscription's caller is read again from the database at least this often. */
export const SOCKET_REVALIDATE_INTERVAL_MS = 10_000;

/**
 * A check this old is renewed in the background while events go on with it, so that a socket
 * with steady events never waits for the database: the renewal is back before the check expires.
 */
const RENEW_AFTER_MS = SOCKET_REVALIDATE_INTERVAL_MS * 0.8;

/** The last database check of one credential, shared by every socket that holds it. */
export interface CredentialCheck {
  readonly key: string;
  /** The caller as last read; null once the session, user or key is no longer live. */
  principal: Principal | null;
  /** When the read that produced `principal` was sent (`Date.now()`). */
  checkedAt: number;
  renewal: Promise<void> | undefined;
  sockets: number;
}

/**
 * Whose access one check answers for: the same access token (user, session and expiry) or the
 * same API key. The expiry is part of it: tokens of one session differ in how long they last.
 */
function credentialKey(principal: Principal): string {
  return principal.kind === 'user'
    ? `user:${principal.id}:${principal.sessionId}:${principal.expiresAt.getTime()}`
    : `apiKey:${principal.id}`;
}

/**
 * The revalidation of socket callers (a logout, a revoked key, a disabled user or a changed role
 * reaches open subscriptions within {@link SOCKET_REVALIDATE_INTERVAL_MS}), with one database read
 * per credential rather than one per socket: a dashboard's thousand sockets on one API key used to
 * send a thousand identical reads every interval, each holding up that socket's next event.
 */
export class CredentialChecks {
  private readonly checks = new Map<string, CredentialCheck>();

  constructor(private readonly authenticator: Authenticator) {}

  /** A socket authenticated as `principal` just now (the read behind it counts as a check). */
  join(principal: Principal, checkedAt: number): CredentialCheck {
    const key = credentialKey(principal);
    const check = this.checks.get(key) ?? { key, principal, checkedAt, renewal: undefined, sockets: 0 };
    this.checks.set(key, check);
    check.sockets += 1;
    if (checkedAt > check.checkedAt) {
      check.principal = principal;
      check.checkedAt = checkedAt;
    }
    return check;
  }

  /** A socket closed; the check is dropped with its last socket. */
  leave(check: CredentialCheck): void {
    check.sockets -= 1;
    if (check.sockets <= 0 && this.checks.get(check.key) === check) this.checks.delete(check.key);
  }

  /**
   * The check, current enough to decide an event now (undefined: not yet, await {@link renew}).
   * A check near its end is renewed in the background meanwhile.
   */
  current(check: CredentialCheck, now: number): CredentialCheck | undefined {
    const age = now - check.checkedAt;
    if (age >= SOCKET_REVALIDATE_INTERVAL_MS) return undefined;
    if (age >= RENEW_AFTER_MS && check.principal) {
      // A failed renewal in the background changes nothing: the blocking one reports the failure.
      this.renew(check).catch(() => undefined);
    }
    return check;
  }

  /** Reads the credential again (one read at a time per credential). Rejects if the database fails. */
  renew(check: CredentialCheck): Promise<void> {
    if (!check.principal) return Promise.resolve();
    check.renewal ??= this.read(check, check.principal).finally(() => {
      check.renewal = undefined;
    });
    return check.renewal;
  }

  private async read(check: CredentialCheck, principal: Principal): Promise<void> {
    const sentAt = Date.now();
    const current = await this.authenticator.revalidate(principal);
    // Hazard: an older read must not undo a newer one (a revocation seen at connection_init).
    if (sentAt < check.checkedAt) return;
    check.principal = current;
    check.checkedAt = sentAt;
  }
}
