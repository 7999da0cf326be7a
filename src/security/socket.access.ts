import { CloseCode } from 'graphql-ws';
import { Kind, type DocumentNode, type ExecutionArgs } from 'graphql';
import type { AuditService } from '../audit/audit.service.js';
import type { Authenticator } from '../auth/authenticator.js';
import { accessDenial } from '../authorization/access.check.js';
import { GRAPHQL_FIELD_ACCESS, type FieldAccess } from '../authorization/graphql-field.permissions.js';
import { AppError } from '../common/app-error.js';
import { requestIdOf } from '../common/request-id.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import type { GraphqlSocketContext, GraphqlSocketSecurity } from '../graphql/graphql.security.js';
import { clientIpOf } from '../http/client-ip.js';
import type { Principal } from '../identity/principal.js';
import { CredentialChecks, type CredentialCheck } from './credential.checks.js';
/** Close code and reason for a socket whose access token expired: the client must sign in again. */
const EXPIRED = { code: CloseCode.Unauthorized, reason: 'Access token expired' } as const;
const REVOKED = { code: CloseCode.Forbidden, reason: 'Access revoked' } as const;
/** graphql-ws uses 4429 for a second connection_init; the same code says "too many" here. */
const TOO_MANY_SOCKETS = {
  code: CloseCode.TooManyInitialisationRequests,
  reason: 'Too many connections from this address',
} as const;

interface SocketState {
  readonly ip: string;
  readonly check: CredentialCheck;
  expiryTimer?: NodeJS.Timeout;
}

export interface SocketAccessOptions {
  readonly authenticator: Authenticator;
  readonly audit: AuditService;
  readonly trustProxyHops: number;
  readonly maxSocketsPerIp: number;
}

/**
 * Who may hold a graphql-ws socket (docs/testing.md S5, S6, S10, S17). At `connection_init` the
 * `authorization` connection parameter is authenticated (missing or bad: 4403) and at most
 * `maxSocketsPerIp` sockets per address are accepted (4429). Before each event the caller is
 * checked again: a user's access token still valid (else 4401, and a timer closes the socket at
 * expiry even when no event comes), the session, user or key still live as of a database read
 * at most SOCKET_REVALIDATE_INTERVAL_MS old (else 4403), and the role still allowed to read the
 * subscribed field (else 4403). The check before an event costs no I/O unless the last read of
 * the credential has expired: it runs for every event of every subscriber.
 */
export class SocketAccess implements GraphqlSocketSecurity {
  private readonly states = new WeakMap<object, SocketState>();
  private readonly socketsPerIp = new Map<string, number>();
  private readonly credentials: CredentialChecks;

  constructor(private readonly options: SocketAccessOptions) {
    this.credentials = new CredentialChecks(options.authenticator);
  }

  async onConnect(ctx: GraphqlSocketContext): Promise<boolean> {
    const { request, socket } = ctx.extra;
    const ip = clientIpOf(request, this.options.trustProxyHops) ?? 'unknown';
    if ((this.socketsPerIp.get(ip) ?? 0) >= this.options.maxSocketsPerIp) {
      socket.close(TOO_MANY_SOCKETS.code, TOO_MANY_SOCKETS.reason);
      return false;
    }
    let principal: Principal | undefined;
    try {
      principal = await this.options.authenticator.authenticate(ctx.connectionParams?.authorization);
      if (!principal) throw AppError.unauthenticated();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await this.options.audit.recordAfter({
        actor: undefined,
        operation: 'graphql-ws.connect',
        outcome: 'denied',
        errorCode: error.code,
        origin: { ip, requestId: requestIdOf(request) },
      });
      return false;
    }
    ctx.extra.principal = principal;
    const state: SocketState = { ip, check: this.credentials.join(principal, Date.now()) };
    this.states.set(ctx.extra, state);
    this.socketsPerIp.set(ip, (this.socketsPerIp.get(ip) ?? 0) + 1);
    if (principal.kind === 'user') {
      const msLeft = Math.max(0, principal.expiresAt.getTime() - Date.now());
      state.expiryTimer = setTimeout(() => socket.close(EXPIRED.code, EXPIRED.reason), msLeft);
      state.expiryTimer.unref();
    }
    return true;
  }

  allowsEvent(ctx: GraphqlSocketContext, args: ExecutionArgs): boolean | Promise<boolean> {
    const state = this.states.get(ctx.extra);
    const principal = ctx.extra.principal;
    if (!state || !principal) return this.refuse(ctx, REVOKED);
    const now = Date.now();
    if (principal.kind === 'user' && principal.expiresAt.getTime() <= now) return this.refuse(ctx, EXPIRED);
    const check = this.credentials.current(state.check, now);
    if (check) return this.decide(ctx, check, args);
    return this.credentials.renew(state.check).then(() => this.decide(ctx, state.check, args));
  }

  /**
   * What the results of an operation may depend on: field access is decided by the role alone
   * (accessDenial), so callers with one role may share a subscription's results.
   */
  resultAccessKey(contextValue: GraphqlContext): string {
    return contextValue.principal ? `role:${contextValue.principal.role}` : 'anonymous';
  }

  onClose(ctx: GraphqlSocketContext): void {
    const state = this.states.get(ctx.extra);
    if (!state) return;
    this.states.delete(ctx.extra);
    this.credentials.leave(state.check);
    clearTimeout(state.expiryTimer);
    const count = (this.socketsPerIp.get(state.ip) ?? 1) - 1;
    if (count > 0) this.socketsPerIp.set(state.ip, count);
    else this.socketsPerIp.delete(state.ip);
  }

  /** Whether the caller, as `check` last read it, may still receive the operation's events. */
  private decide(ctx: GraphqlSocketContext, check: CredentialCheck, args: ExecutionArgs): boolean {
    const current = check.principal;
    if (!current) return this.refuse(ctx, REVOKED);
    ctx.extra.principal = current;
    const denied = subscribedFieldAccess(args).some(
      (access) => !access || accessDenial(access, current) !== undefined,
    );
    return denied ? this.refuse(ctx, REVOKED) : true;
  }

  private refuse(ctx: GraphqlSocketContext, close: { code: number; reason: string }): false {
    ctx.extra.socket.close(close.code, close.reason);
    return false;
  }
}

/** Per document: each subscription parses its own, and checks it before every event. */
const fieldAccessOf = new WeakMap<DocumentNode, Map<string, readonly (FieldAccess | undefined)[]>>();

/** Who may read each root field of the subscription operation being executed (undefined: nobody). */
function subscribedFieldAccess(args: ExecutionArgs): readonly (FieldAccess | undefined)[] {
  let byOperation = fieldAccessOf.get(args.document);
  if (!byOperation) fieldAccessOf.set(args.document, (byOperation = new Map()));
  const operationName = args.operationName ?? '';
  let access = byOperation.get(operationName);
  if (!access) {
    access = subscribedFields(args).map((field) => GRAPHQL_FIELD_ACCESS.Subscription[field]);
    byOperation.set(operationName, access);
  }
  return access;
}

/** The root fields of the subscription operation being executed. */
function subscribedFields(args: ExecutionArgs): string[] {
  return args.document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION &&
    definition.operation === 'subscription' &&
    (!args.operationName || definition.name?.value === args.operationName)
      ? definition.selectionSet.selections.flatMap((selection) =>
          selection.kind === Kind.FIELD ? [selection.name.value] : [],
        )
      : [],
  );
}
