import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id arrives in (from a proxy or a client) and is echoed back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller-supplied id is kept only when it looks like an id: it ends up in logs and error
 * bodies, so arbitrary text (newlines, markup, kilobytes) is replaced by a fresh one.
 */
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A request that may already carry an id; pino-http uses the same `id` property. */
export type IdentifiedRequest = IncomingMessage & { id?: unknown };

/**
 * The id of a request: the one already assigned to it, else the caller's `X-Request-Id` when it
 * is acceptable, else a new UUID. It is stored on `req.id` so that every later reader (logger,
 * error filter, GraphQL context) sees the same value.
 */
export function requestIdOf(req: IdentifiedRequest): string {
  if ((typeof req.id === 'string' && req.id) || typeof req.id === 'number') return String(req.id);
  const header = req.headers[REQUEST_ID_HEADER];
  const id = typeof header === 'string' && ACCEPTABLE_REQUEST_ID.test(header) ? header : randomUUID();
  req.id = id;
  return id;
}
