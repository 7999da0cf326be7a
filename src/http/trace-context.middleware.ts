import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { tracingEnabled } from '../common/tracing/tracing.switch.js';

/**
 * Continues the caller's trace (docs/tracing.md): a request's W3C `traceparent` (and `tracestate`)
 * becomes the active context of everything that handles it, so an execution it starts records
 * its start as a span of the caller's trace. Mounted after the body parsers, whose stream events
 * would not carry the context on. Nothing when tracing is off.
 */
export function traceContextMiddleware(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  if (!tracingEnabled()) {
    next();
    return;
  }
  context.with(propagation.extract(ROOT_CONTEXT, req.headers), next);
}
