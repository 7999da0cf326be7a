/**
 * Spans written after the fact: an execution's root span and its states' spans are only complete
 * once the execution or the state ends, possibly in another process, days later; their ids were
 * fixed when they began (see steered-id.generator.ts), so the spans that happened meanwhile
 * already name them as parent.
 */
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type SpanContext,
  type SpanKind,
} from '@opentelemetry/api';
import { withSpanIds } from './steered-id.generator.js';

/** The tracer of everything Stepgraph traces. */
export const TRACER_NAME = 'stepgraph';

/** A span that has ended, to be written as it was. */
export interface RecordedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  /** Its parent; none for the root span of a trace. */
  readonly parent?: SpanContext;
  readonly kind?: SpanKind;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Attributes;
  readonly links?: readonly Link[];
  /** Set when it failed: the span's status is ERROR with this message. */
  readonly error?: string;
}

/** Writes a span through the SDK (its sampler decides, as for any span); nothing when tracing is off. */
export function writeRecordedSpan(recorded: RecordedSpan): void {
  const parentContext = recorded.parent ? trace.setSpanContext(ROOT_CONTEXT, recorded.parent) : ROOT_CONTEXT;
  const span = withSpanIds({ traceId: recorded.traceId, spanId: recorded.spanId }, () =>
    trace.getTracer(TRACER_NAME).startSpan(
      recorded.name,
      {
        root: !recorded.parent,
        startTime: recorded.startMs,
        attributes: recorded.attributes,
        ...(recorded.kind === undefined ? {} : { kind: recorded.kind }),
        ...(recorded.links ? { links: [...recorded.links] } : {}),
      },
      parentContext,
    ),
  );
  if (recorded.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: recorded.error });
  span.end(Math.max(recorded.endMs, recorded.startMs));
}
