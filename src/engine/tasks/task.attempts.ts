/**
 * Task attempts inside a transition: scheduling one (a job for work the engine does, nothing for
 * work an activity worker or a callback does, deadline jobs for its timeouts), and closing one
 * with a result. {@link TaskAttempts} keeps the attempts' rows and jobs; the outcome a result
 * gives the run that waits for it is returned, for the Transition to deliver.
 */
import {
  runBuiltinTask,
  type HistoryEvent,
  type Json,
  type Outcome,
  type TaskRequest,
} from '../../asl/index.js';
import type { RunRecord } from '../transition/run.record.js';
import type { TransitionJobs } from '../transition/transition.jobs.js';
import type { TaskLedger } from './task.ledger.js';
import { OPEN_TASK_STATUSES, type TaskKind, type TaskRecord, type TaskStatus } from './task.record.js';

const MS_PER_SECOND = 1000;
/** Task kinds whose work the engine does through a job. */
const ENGINE_RUN_KINDS: readonly TaskKind[] = ['builtin', 'http', 'start-execution'];

/** How a task attempt ended, as far as its run is concerned. */
export type TaskEnding =
  | { readonly kind: 'succeeded'; readonly output: Json }
  | { readonly kind: 'failed'; readonly error: string; readonly cause?: string };

/** Where a result comes from: the resource itself, an answer sent with the token, a deadline. */
export type TaskResultSource = 'resource' | 'answer' | 'deadline' | 'child';

/**
 * What a result did to its attempt: refused (the run no longer waits for it), or taken, with the
 * outcome for the run when it ended the attempt.
 */
export type TaskResultTaken =
  { readonly taken: false } | { readonly taken: true; readonly outcome?: Outcome };

function scheduledEventId(events: readonly HistoryEvent[], task: TaskRequest): number {
  const scheduled = events.findLast(
    (event) =>
      (event.type === 'TaskScheduled' || event.type === 'ActivityScheduled') &&
      event.stateName === task.stateName,
  );
  if (!scheduled) throw new Error(`The step scheduled task '${task.stateName}' without recording it`);
  return scheduled.id;
}

function closedStatus(ending: TaskEnding, source: TaskResultSource): TaskStatus {
  if (ending.kind === 'succeeded') return 'SUCCEEDED';
  return source === 'deadline' ? 'TIMED_OUT' : 'FAILED';
}

/** Whether `run` is running and waits for the attempt of `token`. */
export function waitsFor(run: RunRecord, token: string): boolean {
  const waiting = run.state.waiting;
  return run.status === 'RUNNING' && waiting?.kind === 'task' && waiting.token === token;
}

export class TaskAttempts {
  constructor(
    private readonly ledger: TaskLedger,
    private readonly jobs: TransitionJobs,
    private readonly executionId: string,
    /** PostgreSQL's clock when the execution was locked, epoch milliseconds. */
    private readonly nowMs: number,
  ) {}

  /**
   * Records a new attempt and arms its deadlines; returns it, for the Transition to run it now
   * or hand its work to a job ({@link enqueueWork}).
   */
  schedule(run: RunRecord, task: TaskRequest, events: readonly HistoryEvent[]): TaskRecord {
    const { nowMs, executionId } = this;
    const kind = task.resource.kind;
    const timeoutAtMs =
      task.timeoutSeconds === undefined ? null : nowMs + task.timeoutSeconds * MS_PER_SECOND;
    // An activity's heartbeat clock starts when a worker leases it; anything else starts now.
    const heartbeatAtMs =
      task.heartbeatSeconds === undefined || kind === 'activity'
        ? null
        : nowMs + task.heartbeatSeconds * MS_PER_SECOND;
    const record: TaskRecord = {
      token: task.token,
      executionId,
      runId: run.id,
      scheduledEventId: scheduledEventId(events, task),
      stateName: task.stateName,
      resource: task.resourceArn,
      kind,
      pattern: task.resource.pattern,
      activity: task.resource.kind === 'activity' ? task.resource.name : null,
      // A callback runs nothing: it waits for its token at once.
      status: kind === 'callback' ? 'STARTED' : 'SCHEDULED',
      input: task.input,
      workerName: null,
      dueAtMs: this.dueAt(task),
      timeoutAtMs,
      heartbeatSeconds: task.heartbeatSeconds ?? null,
      heartbeatAtMs,
      childExecutionId: null,
    };
    this.ledger.create(record);
    this.armDeadline(record.token, timeoutAtMs, heartbeatAtMs);
    return record;
  }

  /**
   * A job for the work of an attempt the engine runs (when it is due), none for any other. An HTTP
   * call or a nested start is work the committing process may carry out itself after the commit.
   */
  enqueueWork(task: TaskRecord, traceparent: string | undefined): void {
    const { executionId, token } = task;
    if (task.kind === 'http')
      this.jobs.httpTask({ executionId, token, ...(traceparent ? { traceparent } : {}) });
    else if (ENGINE_RUN_KINDS.includes(task.kind)) {
      this.jobs.transition({ kind: 'task', executionId, token }, task.dueAtMs, {
        afterCommit: task.kind === 'start-execution',
      });
    }
  }

  /** Whether the attempt may still take a result in this transaction. */
  isOpen(task: TaskRecord): boolean {
    const status = this.ledger.statusOf(task.token) ?? task.status;
    return OPEN_TASK_STATUSES.includes(status);
  }

  /**
   * Applies a result to an open attempt that `run` (its run) may wait for. A `.waitForTaskToken`
   * resource that ran successfully does not end the attempt: it starts waiting for the answer
   * sent with its token. When the run no longer waits for it, the attempt is closed, so nothing
   * answers it later.
   */
  takeResult(
    run: RunRecord,
    task: TaskRecord,
    ending: TaskEnding,
    source: TaskResultSource,
  ): TaskResultTaken {
    if (!waitsFor(run, task.token)) {
      this.cancel(task.token);
      return { taken: false };
    }
    if (source === 'resource' && ending.kind === 'succeeded' && task.pattern === 'wait-for-task-token') {
      this.ledger.change(task.token, { status: 'STARTED', started: true });
      return { taken: true };
    }
    this.ledger.change(task.token, { status: closedStatus(ending, source) });
    const outcome: Outcome =
      ending.kind === 'succeeded'
        ? { kind: 'task-succeeded', output: ending.output }
        : {
            kind: 'task-failed',
            error: ending.error,
            ...(ending.cause === undefined ? {} : { cause: ending.cause }),
          };
    return { taken: true, outcome };
  }

  /**
   * A deadline job fired: the failure (`States.Timeout` or `States.HeartbeatTimeout`) of the
   * earliest deadline that has passed by PostgreSQL's clock; none passed, it re-arms for the next
   * one (a heartbeat moved it).
   */
  passedDeadline(task: TaskRecord): TaskEnding | undefined {
    const deadlines = [
      { error: 'States.Timeout', atMs: task.timeoutAtMs },
      { error: 'States.HeartbeatTimeout', atMs: task.heartbeatAtMs },
    ].filter((deadline): deadline is { error: string; atMs: number } => deadline.atMs !== null);
    const passed = deadlines
      .filter((deadline) => deadline.atMs <= this.nowMs)
      .sort((a, b) => a.atMs - b.atMs)[0];
    if (passed) return { kind: 'failed', error: passed.error };
    this.armDeadline(task.token, task.timeoutAtMs, task.heartbeatAtMs);
    return undefined;
  }

  /**
   * Leases a scheduled activity attempt to a worker: it starts, and so does its heartbeat clock.
   * Returns the outcome that records ActivityStarted on its run.
   */
  lease(task: TaskRecord, workerName: string | undefined): Outcome {
    const heartbeatAtMs =
      task.heartbeatSeconds === null ? undefined : this.nowMs + task.heartbeatSeconds * MS_PER_SECOND;
    this.ledger.change(task.token, {
      status: 'STARTED',
      started: true,
      ...(workerName === undefined ? {} : { workerName }),
      ...(heartbeatAtMs === undefined ? {} : { heartbeatAtMs }),
    });
    if (heartbeatAtMs !== undefined) this.armDeadline(task.token, task.timeoutAtMs, heartbeatAtMs);
    return { kind: 'task-started', ...(workerName === undefined ? {} : { workerName }) };
  }

  /** A `.sync` attempt started its nested execution and waits for its end. */
  waitForChild(token: string, childExecutionId: string): void {
    this.ledger.change(token, { status: 'STARTED', started: true, childExecutionId });
  }

  /** Closes an attempt whose run was aborted or moved on: a late result for it is refused. */
  cancel(token: string): void {
    this.ledger.change(token, { status: 'CANCELLED' });
  }

  /** When the engine should run the attempt: now, or once `builtin:sleep` has slept. */
  private dueAt(task: TaskRequest): number {
    const { resource } = task;
    if (resource.kind !== 'builtin' || resource.name !== 'sleep') return this.nowMs;
    return this.nowMs + (runBuiltinTask('sleep', task.input, 0).delayMs ?? 0);
  }

  /** A job for the earlier of a task's deadlines, if it has any. */
  private armDeadline(token: string, timeoutAtMs: number | null, heartbeatAtMs: number | null): void {
    const deadlines = [timeoutAtMs, heartbeatAtMs].filter((at): at is number => at !== null);
    if (deadlines.length === 0) return;
    this.jobs.transition(
      { kind: 'task-deadline', executionId: this.executionId, token },
      Math.min(...deadlines),
    );
  }
}
