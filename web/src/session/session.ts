/**
 * The signed-in session, held in this page's memory only. The refresh token never reaches script:
 * the server keeps it in an HttpOnly cookie scoped to /api/v1/auth/session (docs/console.md). A
 * reload calls {@link resumeSession}, which trades the cookie for a new access token.
 */

export type Role = 'admin' | 'editor' | 'operator' | 'viewer' | 'worker';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
}

export interface Session {
  readonly accessToken: string;
  readonly expiresAt: number;
  /** When this page received the token: with expiresAt, how long it lives. */
  readonly receivedAt: number;
  readonly user: SessionUser;
}

/** An error the API answered, in its words: the message and the stable code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const SESSION_URL = '/api/v1/auth/session';
/** Sent on every session request: the server refuses them without it (CSRF). */
const CSRF_HEADERS = { 'x-stepgraph-csrf': '1' };
/** Refresh this long before the access token expires (or at two thirds of a shorter life). */
const REFRESH_MARGIN_MS = 60_000;

let current: Session | null = null;
let refreshing: Promise<Session | null> | null = null;
const listeners = new Set<(session: Session | null) => void>();

export function currentSession(): Session | null {
  return current;
}

export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSession(session: Session | null): void {
  current = session;
  for (const listener of listeners) listener(session);
}

async function problemOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string; code?: string };
    return new ApiError(
      body.detail ?? body.title ?? response.statusText,
      body.code ?? `HTTP_${response.status}`,
    );
  } catch {
    return new ApiError(response.statusText || 'The server did not answer', `HTTP_${response.status}`);
  }
}

async function sessionFrom(response: Response): Promise<Session> {
  const body = (await response.json()) as {
    accessToken: string;
    accessTokenExpiresAt: string;
    user: SessionUser;
  };
  return {
    accessToken: body.accessToken,
    expiresAt: Date.parse(body.accessTokenExpiresAt),
    receivedAt: Date.now(),
    user: body.user,
  };
}

export async function signIn(email: string, password: string): Promise<Session> {
  const response = await fetch(SESSION_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...CSRF_HEADERS },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw await problemOf(response);
  const session = await sessionFrom(response);
  setSession(session);
  return session;
}

/**
 * Trades the cookie for a new access token; null when there is no session (signed out, expired,
 * revoked). One refresh at a time, across this browser's tabs too: a refresh token works once,
 * and two refreshes racing with it would count as a reuse and revoke the session.
 */
export function resumeSession(): Promise<Session | null> {
  refreshing ??= withRefreshLock(refreshOnce).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('stepgraph-session-refresh', work) : work();
}

async function refreshOnce(): Promise<Session | null> {
  const response = await fetch(`${SESSION_URL}/refresh`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: CSRF_HEADERS,
  });
  if (response.status === 401) {
    setSession(null);
    return null;
  }
  if (!response.ok) throw await problemOf(response);
  const session = await sessionFrom(response);
  setSession(session);
  return session;
}

/** An access token valid for at least a minute more, refreshing first when needed. */
export async function freshAccessToken(): Promise<string | null> {
  const session = current;
  const margin = session ? Math.min(REFRESH_MARGIN_MS, (session.expiresAt - session.receivedAt) / 3) : 0;
  if (session && session.expiresAt - Date.now() > margin) return session.accessToken;
  return (await resumeSession())?.accessToken ?? null;
}

/** Signs out: the server revokes the session and clears the cookie. */
export async function signOut(): Promise<void> {
  try {
    await fetch(SESSION_URL, { method: 'DELETE', credentials: 'same-origin', headers: CSRF_HEADERS });
  } finally {
    setSession(null);
  }
}

/** The roles that may stop, redrive and start executions (src/authorization/role.permissions.ts). */
const OPERATORS: ReadonlySet<Role> = new Set(['admin', 'editor', 'operator']);

export function mayOperate(user: SessionUser | undefined): boolean {
  return user !== undefined && OPERATORS.has(user.role);
}

/** The roles that may create and change state machines (src/authorization/role.permissions.ts). */
const EDITORS: ReadonlySet<Role> = new Set(['admin', 'editor']);

export function mayEdit(user: SessionUser | undefined): boolean {
  return user !== undefined && EDITORS.has(user.role);
}
