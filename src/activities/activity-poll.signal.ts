import type { ServerResponse } from 'node:http';
import type { GraphqlContext } from '../graphql/graphql.context.js';

/** Something that emits `close` when the client is gone: an HTTP response or a WebSocket. */
interface Closable {
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/**
 * Runs `work` with a signal that aborts when the client goes away, so a long poll stops waiting
 * for a client that can no longer receive its answer. The listener is removed afterwards: a
 * WebSocket carries many operations, and each would otherwise leave one behind.
 */
async function whileOpen<T>(
  target: Closable,
  isClosed: boolean,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (isClosed) abort();
  target.once('close', abort);
  try {
    return await work(controller.signal);
  } finally {
    target.off('close', abort);
  }
}

/**
 * For an HTTP response not yet sent: `close` before the response finished means the connection
 * dropped.
 */
export function whileResponseOpen<T>(
  res: ServerResponse,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return whileOpen(res, res.closed, work);
}

/** For a GraphQL operation, over HTTP (its response) or over graphql-ws (its socket). */
export function whileGraphqlClientConnected<T>(
  context: GraphqlContext,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (context.res) return whileResponseOpen(context.res, work);
  const socket = context.extra?.socket;
  if (!socket) return work(new AbortController().signal);
  return whileOpen(socket, socket.readyState >= socket.CLOSING, work);
}
