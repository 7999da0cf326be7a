import type { ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf, type IdentifiedRequest } from '../common/request-id.js';

/**
 * Gives every HTTP request (REST, GraphQL, health) its id before anything else runs, so the
 * logger, the error filter and GraphQL all report the same one, and echoes it to the client.
 */
export function requestIdMiddleware(req: IdentifiedRequest, res: ServerResponse, next: () => void): void {
  res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
  next();
}
