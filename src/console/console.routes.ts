/**
 * The console's page routes, answered with its index.html so that every page opens from its URL.
 * An allow-list, not a catch-all: `/api`, `/graphql`, `/health`, `/metrics`, `/hooks` and anything
 * else keep their own handlers and their 404s, and only GET and HEAD are served (`POST /` is
 * reserved for another API).
 */
const PAGE_ROUTES: readonly RegExp[] = [
  /^\/$/,
  /^\/executions(?:\/[^/]+)?\/?$/,
  /^\/state-machines(?:\/[^/]+)?\/?$/,
  /^\/admin\/(?:users|api-keys|audit)\/?$/,
  /^\/graphiql\/?$/,
];

/** Where the build's hashed files live. */
export const ASSETS_PREFIX = '/assets/';

/** Whether a request for `path` (no query string) with `method` is a console page. */
export function isConsolePage(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && PAGE_ROUTES.some((route) => route.test(path));
}

/**
 * Headers on every console response. Scripts and styles come only from this origin (the build
 * inlines nothing); the page talks only to this origin (HTTP and graphql-ws); no site may frame it.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
