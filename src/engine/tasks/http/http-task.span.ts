/**
 * The client span of an HTTP Task's call (docs/tracing.md), child of its state's span, and the
 * trace context sent to the target: W3C `traceparent` and `tracestate` (whatever propagator the
 * SDK runs), so the target's spans join the execution's trace. A header of the same name in the
 * task's `Headers` wins: the definition asked for it, and it is sent as written.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { StatesError } from '../../../asl/errors.js';
import { TRACER_NAME } from '../../../common/tracing/recorded-span.js';
import { describeUrl } from './http-task.errors.js';
import type { HttpTaskRequest } from './http-task.parameters.js';

/** The status code a `States.Http.StatusCode.<NNN>` error names. */
const STATUS_ERROR = /^States\.Http\.StatusCode\.(\d{3})$/;

/** Makes the call `send` makes of `request` inside a client span under `parent`. */
export async function traceHttpCall<R extends { readonly StatusCode: number }>(
  request: HttpTaskRequest,
  parent: SpanContext,
  send: (request: HttpTaskRequest) => Promise<R>,
): Promise<R> {
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `HTTP ${request.method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': request.method,
        // No query string, no userinfo: either may carry credentials.
        'url.full': describeUrl(request.url),
        'server.address': request.url.hostname,
        'server.port': Number(request.url.port) || (request.url.protocol === 'https:' ? 443 : 80),
      },
    },
    trace.setSpanContext(ROOT_CONTEXT, parent),
  );
  const active = trace.setSpan(context.active(), span);
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  const traced = { ...request, headers: { ...carrier, ...request.headers } };
  try {
    const result = await context.with(active, () => send(traced));
    span.setAttribute('http.response.status_code', result.StatusCode);
    return result;
  } catch (error) {
    const name = error instanceof StatesError ? error.name : 'aborted';
    const status = STATUS_ERROR.exec(name)?.[1];
    if (status) span.setAttribute('http.response.status_code', Number(status));
    span.setAttribute('error.type', name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: name });
    throw error;
  } finally {
    span.end();
  }
}
