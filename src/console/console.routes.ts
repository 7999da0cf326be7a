/**
 * The console's page routes, answered with its index.html so that every page opens from its URL.
 * An allow-list, not a catch-all: `/api`, `/graphql`, `/health`, `/metrics`, `/hooks` and anything
 * else keep their own handlers and their 404s, and only GET and HEAD are served (`POST /` is the
 * AWS Step Functions API, src/aws).
 */
const GRAPHIQL_ROUTE = /^\/graphiql\/?$/;

const PAGE_ROUTES: readonly RegExp[] = [
  /^\/$/,
  /^\/executions(?:\/[^/]+)?\/?$/,
  /^\/state-machines(?:\/[^/]+)?\/?$/,
  /^\/schedules(?:\/[^/]+)?\/?$/,
  /^\/webhooks\/?$/,
  /^\/admin\/(?:users|api-keys|audit)\/?$/,
  GRAPHIQL_ROUTE,
];

/** Where the build's hashed files live. */
export const ASSETS_PREFIX = '/assets/';

/** Whether a request for `path` (no query string) with `method` is a console page. */
export function isConsolePage(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && PAGE_ROUTES.some((route) => route.test(path));
}

function securityHeaders(styleSource: string, fontSource: string): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      `style-src ${styleSource}`,
      "img-src 'self' data:",
      `font-src ${fontSource}`,
      "connect-src 'self'",
      "worker-src 'self'",
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
}

/**
 * Headers on every console response. Scripts and styles come only from this origin (the build
 * inlines nothing); the page talks only to this origin (HTTP and graphql-ws); no site may frame it.
 */
export const CONSOLE_SECURITY_HEADERS = securityHeaders("'self'", "'self'");

/**
 * /graphiql's: GraphiQL's editor (Monaco) writes its styles into <style> elements and its
 * stylesheet carries its fonts as data: URLs, so that page allows inline styles and data: fonts;
 * scripts stay this origin's files only. The console links to /graphiql with a
 * page load, so that this policy comes with it.
 */
export const GRAPHIQL_SECURITY_HEADERS = securityHeaders("'self' 'unsafe-inline'", "'self' data:");

/** The headers of the console's response for `path`. */
export function securityHeadersFor(path: string): Readonly<Record<string, string>> {
  return GRAPHIQL_ROUTE.test(path) ? GRAPHIQL_SECURITY_HEADERS : CONSOLE_SECURITY_HEADERS;
}
