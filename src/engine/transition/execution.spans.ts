/**
 * The spans of one transition of an execution (docs/tracing.md), read off the history events its
 * steps and aborts record: a span per state entered, written when the state ends (exited,
 * aborted, failed) with the time it was entered; a span per failed task attempt; and the root
 * span when the execution ends. All are handed to the runner, which writes them after the commit,
 * so a transaction that rolls back leaves no span behind. A transition of an execution without a
 * recorded trace (tracing off, not sampled) does none of this work.
 */
import type { Attributes, Context, Link, SpanContext } from '@opentelemetry/api';
import {
  blockAt,
  type Effect,
  type HistoryEvent,
  type RunState,
  type StateMachineDefinition,
} from '../../asl/index.js';
import type { RecordedSpan } from '../../common/tracing/recorded-span.js';
import { parseTraceparent } from '../../common/tracing/traceparent.js';
import type { ExecutionRecord } from './execution.repository.js';
import {
  derivedSpanId,
  executionRootSpan,
  executionTraceContext,
  isRecorded,
  SPAN_ATTRIBUTES,
  stateSpan,
  stateTraceparent,
} from './execution.trace.js';
import type { RunRecord } from './run.record.js';

/** A cause is the error's text, possibly a whole response body: the span keeps its start. */
const MAX_CAUSE_LENGTH = 1024;

/** A task attempt failed; the state retries, catches, or fails. */
const ATTEMPT_FAILURES = new Set<string>([
  'TaskFailed',
  'TaskTimedOut',
  'ActivityFailed',
  'ActivityTimedOut',
  'ParallelStateFailed',
  'MapStateFailed',
]);

/** The run ended in the state it was in, without leaving it. */
const RUN_ENDS = new Set<string>([
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
  'MapIterationFailed',
  'MapIterationAborted',
]);

interface Failure {
  readonly error?: string;
  readonly cause?: string;
}

/** A state a run is in, as far as the walk over its events knows. */
interface OpenState {
  readonly enteredEventId: number;
  readonly name: string;
  readonly type: string;
  readonly startMs: number;
  readonly retries: number;
  failure?: Failure;
}

type RunEnd = Extract<Effect, { kind: 'run-succeeded' | 'run-failed' }>;

export class ExecutionSpans {
  private readonly root: SpanContext | undefined;
  private readonly spans: RecordedSpan[] = [];
  private readonly stoppedAtMs: number | null;
  private traced: Context | undefined;

  constructor(
    private readonly execution: ExecutionRecord,
    private readonly definition: StateMachineDefinition,
    private readonly stateMachineName: string,
  ) {
    this.root = executionRootSpan(execution);
    this.stoppedAtMs = execution.stoppedAtMs;
  }

  /** Whether spans are recorded: callers skip the work of describing them when not. */
  get recording(): boolean {
    return isRecorded(this.root);
  }

  /** The context the transition works in: the execution's root span, so logs and audit rows see its trace. */
  get context(): Context | undefined {
    this.traced ??= executionTraceContext(this.root);
    return this.traced;
  }

  /** The `traceparent` handed to the work of the state `run` is in (an HTTP call, an activity worker). */
  taskTraceparent(run: RunRecord): string | undefined {
    return stateTraceparent(this.root, run.state.enteredEventId);
  }

  /**
   * The parent of the spans of a run's states: the root span for the root run, else the span of
   * the Parallel or Map state of the parent run (`parent`).
   */
  parentSpan(parent: RunRecord | undefined): SpanContext | undefined {
    if (!this.root) return undefined;
    return parent ? stateSpan(this.root, parent.state.enteredEventId) : this.root;
  }

  /**
   * A step of a run that was in `before`: the states it left, and the attempts that failed,
   * become spans. `end`: the step ended the run (in the state it was in, if it did not leave it).
   */
  stepped(
    before: RunState,
    events: readonly HistoryEvent[],
    end: RunEnd | undefined,
    parent: SpanContext | undefined,
  ): void {
    const root = this.root;
    if (!isRecorded(root) || !parent) return;
    let open: OpenState | undefined =
      before.enteredEventId > 0
        ? {
            enteredEventId: before.enteredEventId,
            name: before.stateName,
            type: this.typeOf(before),
            startMs: Date.parse(before.enteredTime),
            retries: before.retryCounts.reduce((sum, count) => sum + count, 0),
          }
        : undefined;
    let lastMs = Date.parse(before.enteredTime);
    for (const event of events) {
      const ms = Date.parse(event.timestamp);
      lastMs = ms;
      const type = event.type;
      if (type.endsWith('StateEntered')) {
        // A state left before this step (its run paused between two states) was written then.
        open = {
          enteredEventId: event.id,
          name: typeof event.details.name === 'string' ? event.details.name : (event.stateName ?? ''),
          type: type.slice(0, -'StateEntered'.length),
          startMs: ms,
          retries: 0,
        };
      } else if (!open) continue;
      else if (type.endsWith('StateExited')) {
        this.state(root, parent, open, ms, undefined);
        open = undefined;
      } else if (type.endsWith('StateAborted') || RUN_ENDS.has(type)) {
        this.state(root, parent, open, ms, failureOf(event) ?? open.failure ?? { error: type });
        open = undefined;
      } else if (ATTEMPT_FAILURES.has(type)) {
        open.failure = failureOf(event) ?? { error: type };
        this.attemptFailed(root, open, ms);
      }
    }
    if (open && end) {
      const failure = end.kind === 'run-failed' ? { error: end.error, cause: end.cause } : undefined;
      this.state(root, parent, open, lastMs, failure);
    }
  }

  /** The spans to write once the transition commits, with the root span if the execution ended. */
  take(): readonly RecordedSpan[] {
    const root = this.root;
    const execution = this.execution;
    const ended =
      execution.status !== 'RUNNING' &&
      execution.stoppedAtMs !== null &&
      execution.stoppedAtMs !== this.stoppedAtMs;
    if (isRecorded(root) && ended) this.spans.push(this.rootSpan(root, execution.stoppedAtMs as number));
    return this.spans;
  }

  /**
   * The root span, with the id the start persisted. A redriven execution continues its trace: the
   * root span was written at its first end, so each redrive gets a span of its own under it, from
   * the redrive to the new end.
   */
  private rootSpan(root: SpanContext, endMs: number): RecordedSpan {
    const execution = this.execution;
    const failed = execution.status !== 'SUCCEEDED';
    const attributes: Attributes = {
      [SPAN_ATTRIBUTES.executionId]: execution.id,
      [SPAN_ATTRIBUTES.executionName]: execution.name,
      [SPAN_ATTRIBUTES.stateMachineId]: execution.stateMachineId,
      [SPAN_ATTRIBUTES.stateMachineName]: this.stateMachineName,
      [SPAN_ATTRIBUTES.stateMachineVersion]: execution.version,
      [SPAN_ATTRIBUTES.executionStatus]: execution.status,
      [SPAN_ATTRIBUTES.trigger]: execution.trigger.kind,
      [SPAN_ATTRIBUTES.redriveCount]: execution.redriveCount,
      ...failureAttributes(
        failed
          ? { error: execution.error ?? execution.status, cause: execution.cause ?? undefined }
          : undefined,
      ),
    };
    const common = {
      traceId: root.traceId,
      endMs,
      attributes,
      ...(failed ? { error: execution.error ?? execution.status } : {}),
    };
    if (execution.redriveCount > 0 && execution.redrivenAtMs !== null) {
      return {
        ...common,
        name: `redrive ${this.stateMachineName}`,
        spanId: derivedSpanId(root.traceId, `redrive/${execution.redriveCount}`),
        parent: root,
        startMs: execution.redrivenAtMs,
      };
    }
    const link = parseTraceparent(execution.traceLink);
    const links: Link[] = link ? [{ context: link }] : [];
    return {
      ...common,
      name: `execution ${this.stateMachineName}`,
      spanId: root.spanId,
      startMs: execution.startedAtMs,
      links,
    };
  }

  private state(
    root: SpanContext,
    parent: SpanContext,
    state: OpenState,
    endMs: number,
    failure: Failure | undefined,
  ): void {
    this.spans.push({
      name: `state ${state.name}`,
      traceId: root.traceId,
      spanId: stateSpan(root, state.enteredEventId).spanId,
      parent,
      startMs: state.startMs,
      endMs,
      attributes: {
        [SPAN_ATTRIBUTES.executionId]: this.execution.id,
        [SPAN_ATTRIBUTES.stateName]: state.name,
        [SPAN_ATTRIBUTES.stateType]: state.type,
        [SPAN_ATTRIBUTES.retryCount]: state.retries,
        [SPAN_ATTRIBUTES.enteredEventId]: state.enteredEventId,
        ...failureAttributes(failure),
      },
      ...(failure ? { error: failure.error ?? 'failed' } : {}),
    });
  }

  /** A failed attempt of the state: a span of its own under the state's, at the time it failed. */
  private attemptFailed(root: SpanContext, state: OpenState, atMs: number): void {
    const failure = state.failure as Failure;
    this.spans.push({
      name: `attempt ${state.name}`,
      traceId: root.traceId,
      spanId: derivedSpanId(root.traceId, `attempt/${state.enteredEventId}/${state.retries}`),
      parent: stateSpan(root, state.enteredEventId),
      startMs: atMs,
      endMs: atMs,
      attributes: {
        [SPAN_ATTRIBUTES.executionId]: this.execution.id,
        [SPAN_ATTRIBUTES.stateName]: state.name,
        [SPAN_ATTRIBUTES.stateType]: state.type,
        [SPAN_ATTRIBUTES.retryCount]: state.retries,
        ...failureAttributes(failure),
      },
      error: failure.error ?? 'failed',
    });
  }

  /** The type of the state a run is in, from the definition (a state entered in an earlier step). */
  private typeOf(run: RunState): string {
    try {
      return blockAt(this.definition, run.path).States[run.stateName]?.Type ?? 'Unknown';
    } catch {
      return 'Unknown';
    }
  }
}

function failureOf(event: HistoryEvent): Failure | undefined {
  const { error, cause } = event.details;
  if (typeof error !== 'string' && typeof cause !== 'string') return undefined;
  return {
    ...(typeof error === 'string' ? { error } : {}),
    ...(typeof cause === 'string' ? { cause } : {}),
  };
}

function failureAttributes(failure: Failure | undefined): Attributes {
  if (!failure) return {};
  return {
    ...(failure.error === undefined ? {} : { [SPAN_ATTRIBUTES.error]: failure.error }),
    ...(failure.cause === undefined
      ? {}
      : { [SPAN_ATTRIBUTES.cause]: failure.cause.slice(0, MAX_CAUSE_LENGTH) }),
  };
}
