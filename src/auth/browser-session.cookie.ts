import type { IncomingMessage } from 'node:http';
import { AppError } from '../common/app-error.js';
import { REST_PREFIX } from '../http/http.setup.js';

/** The browser session's routes: sign in (POST), refresh (POST /refresh), sign out (DELETE). */
export const BROWSER_SESSION_ROUTE = 'auth/session';

/** The cookie holding a browser's refresh token, sent back only to the session's routes. */
export const REFRESH_COOKIE = 'stepgraph_refresh';
export const REFRESH_COOKIE_PATH = `/${REST_PREFIX}/${BROWSER_SESSION_ROUTE}`;

/**
 * The header every browser-session request must carry. A page of another site cannot send it
 * without a CORS preflight, which Stepgraph never grants, and a form or a link cannot send it at
 * all: with the SameSite=Strict cookie, that shuts out cross-site request forgery.
 */
export const CSRF_HEADER = 'x-stepgraph-csrf';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Refuses a request without the {@link CSRF_HEADER}. */
export function requireCsrfHeader(request: IncomingMessage): void {
  if (!request.headers[CSRF_HEADER]) {
    throw AppError.forbidden(`The ${CSRF_HEADER} header is required on browser-session requests`);
  }
}

/** The refresh token the browser sent, if any. */
export function refreshTokenFromCookie(request: IncomingMessage): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === REFRESH_COOKIE) {
      const value = pair.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * `Secure` everywhere but plain-HTTP loopback, where a developer runs `npm start` and browsers
 * would otherwise drop the cookie on some engines. Behind a TLS proxy the site's host is not
 * loopback, so the cookie is Secure there.
 */
function isLoopback(request: IncomingMessage): boolean {
  const host = (request.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(host);
}

/** The Set-Cookie value that hands the browser `token` for `maxAgeSeconds`, or clears the cookie. */
export function refreshCookie(
  request: IncomingMessage,
  token: string | undefined,
  maxAgeSeconds: number,
): string {
  const attributes = [
    `${REFRESH_COOKIE}=${token ?? ''}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token === undefined ? 0 : maxAgeSeconds}`,
  ];
  if (!isLoopback(request)) attributes.push('Secure');
  return attributes.join('; ');
}
