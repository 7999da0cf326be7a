/**
 * An execution's trace (docs/tracing.md): one trace per execution, whose root span covers it from
 * start to end and links to the span that started it (a request carrying a `traceparent`, the
 * state of a parent execution). The trace context is decided once, at the start, and kept on the
 * execution's row (`traceparent`), so every job and process that works on the execution later
 * continues the same trace.
 */
import { createHash } from 'node:crypto';
import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';
import { MANUAL_TRIGGER, type ExecutionTrigger } from '../../common/execution-trigger.js';
import { TRACER_NAME } from '../../common/tracing/recorded-span.js';
import { formatTraceparent, parseTraceparent } from '../../common/tracing/traceparent.js';
import { tracingEnabled } from '../../common/tracing/tracing.switch.js';

/** Span attributes, one name each. */
export const SPAN_ATTRIBUTES = {
  executionId: 'stepgraph.execution.id',
  executionName: 'stepgraph.execution.name',
  executionStatus: 'stepgraph.execution.status',
  redriveCount: 'stepgraph.execution.redrive_count',
  trigger: 'stepgraph.execution.trigger',
  stateMachineId: 'stepgraph.state_machine.id',
  stateMachineName: 'stepgraph.state_machine.name',
  stateMachineVersion: 'stepgraph.state_machine.version',
  stateName: 'stepgraph.state.name',
  stateType: 'stepgraph.state.type',
  retryCount: 'stepgraph.state.retry_count',
  enteredEventId: 'stepgraph.state.entered_event_id',
  error: 'stepgraph.error',
  cause: 'stepgraph.cause',
} as const;

/** The trace columns of a new execution. */
export interface ExecutionTraceStart {
  readonly traceparent: string;
  readonly traceLink: string | null;
}

/**
 * The trace of an execution starting here. The SDK's sampler decides and its id generator makes
 * the trace id and root span id, through a root span started and dropped at once (never ended, so
 * never exported): the root span itself is written when the execution ends, with these ids
 * (execution.spans.ts). The start itself is a span in the trace of whoever asked (a child of the
 * caller's `traceparent`, or of the parent execution's state; a trace of its own for a schedule's
 * fire), linked to the new root, which links back to it. Undefined when tracing is off.
 */
export function beginExecutionTrace(start: {
  readonly name: string;
  readonly trigger?: ExecutionTrigger;
}): ExecutionTraceStart | undefined {
  if (!tracingEnabled()) return undefined;
  const tracer = trace.getTracer(TRACER_NAME);
  const root = tracer.startSpan('execution', { root: true }).spanContext();
  if (!isSpanContextValid(root)) return undefined;
  const request = tracer.startSpan('start execution', {
    attributes: {
      [SPAN_ATTRIBUTES.executionName]: start.name,
      [SPAN_ATTRIBUTES.trigger]: (start.trigger ?? MANUAL_TRIGGER).kind,
    },
    links: [{ context: root }],
  });
  request.end();
  const link = request.spanContext();
  return {
    traceparent: formatTraceparent(root),
    traceLink: isSpanContextValid(link) ? formatTraceparent(link) : null,
  };
}

/** The root span of an execution's trace; undefined when it has none or tracing is off here. */
export function executionRootSpan(execution: {
  readonly traceparent: string | null;
}): SpanContext | undefined {
  return tracingEnabled() ? parseTraceparent(execution.traceparent) : undefined;
}

/** The context to work on an execution in: its root span active, so logs and audit rows see its trace. */
export function executionTraceContext(root: SpanContext | undefined): Context | undefined {
  return root ? trace.setSpanContext(ROOT_CONTEXT, root) : undefined;
}

/** Runs `work` in `traced` (see {@link executionTraceContext}); as it is when there is none. */
export function inTraceContext<T>(traced: Context | undefined, work: () => T): T {
  return traced ? context.with(traced, work) : work();
}

/**
 * The span of the state entered at `enteredEventId`: its id is derived from the trace and the
 * event (ids are unique within an execution), so any process can name it as a parent without
 * reading anything, and the state's span, written when the state ends, takes the same id.
 */
export function stateSpan(root: SpanContext, enteredEventId: number): SpanContext {
  return { ...root, spanId: derivedSpanId(root.traceId, `state/${enteredEventId}`), isRemote: true };
}

/** A span id derived from a trace id and a key; never the invalid all-zero id. */
export function derivedSpanId(traceId: string, key: string): string {
  const id = createHash('sha256').update(`${traceId}/${key}`).digest('hex').slice(0, 16);
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

/** The `traceparent` a task of the state entered at `enteredEventId` hands out (HTTP calls, workers). */
export function stateTraceparent(root: SpanContext | undefined, enteredEventId: number): string | undefined {
  return root ? formatTraceparent(stateSpan(root, enteredEventId)) : undefined;
}

/** Whether spans of `root`'s trace are recorded. */
export function isRecorded(root: SpanContext | undefined): root is SpanContext {
  return root !== undefined && (root.traceFlags & TraceFlags.SAMPLED) !== 0;
}
