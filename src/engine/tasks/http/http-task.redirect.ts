import type { OutboundRequest, OutboundResponse } from './http-task.transport.js';

/** Statuses whose `Location` the task follows. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Headers that go along to another origin. Everything else stays behind: a task's `Authorization`
 * or `X-Api-Key` was meant for the host the workflow named, not for whichever host it redirects to.
 */
const CROSS_ORIGIN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'user-agent',
]);

/**
 * Where a redirect response points, resolved against the request URL; `undefined` when the response
 * is not a redirect or its `Location` is not a URL (then the 3xx response is the task's outcome).
 * The target is not trusted here: the caller passes it through the outbound guard like the first URL.
 */
export function redirectTarget(response: OutboundResponse, base: URL): URL | undefined {
  const location = response.headers.location?.[0];
  if (!REDIRECT_STATUSES.has(response.statusCode) || location === undefined) return undefined;
  try {
    const target = new URL(location, base);
    // Credentials in a server-chosen URL are not sent; a fragment never goes on the wire.
    target.username = '';
    target.password = '';
    target.hash = '';
    return target;
  } catch {
    return undefined;
  }
}

/**
 * The request that follows a redirect, as browsers (the Fetch standard) do it: 303 turns any method
 * but HEAD into a body-less GET, 301/302 turn a POST into one, 307/308 repeat the request as it was.
 */
export function redirectedRequest(previous: OutboundRequest, status: number, target: URL): OutboundRequest {
  const becomesGet =
    (status === 303 && previous.method !== 'HEAD') ||
    ((status === 301 || status === 302) && previous.method === 'POST');
  const sameOrigin = target.origin === previous.url.origin;
  const headers = Object.fromEntries(
    Object.entries(previous.headers).filter(
      ([name]) => (sameOrigin || CROSS_ORIGIN_HEADERS.has(name)) && !(becomesGet && name === 'content-type'),
    ),
  );
  return {
    url: target,
    method: becomesGet ? 'GET' : previous.method,
    headers,
    body: becomesGet ? undefined : previous.body,
  };
}
