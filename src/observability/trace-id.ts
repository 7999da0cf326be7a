import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The trace id of the span active here, or undefined when tracing is off or no span is active. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}
