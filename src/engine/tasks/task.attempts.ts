/**
 * Task attempts inside a transition: scheduling one (a job for work the engine does, nothing for
 * work an activity worker or a callback does, deadline jobs for its timeouts), and applying a
 * result to the run that waits for it.
 */
import {
  runBuiltinTask,
  type HistoryEvent,
  type Json,
  type Outcome,
  type TaskRequest,
} from '../../asl/index.js';
import type { RunRecord } from '../transition/run.record.js';
import { OPEN_TASK_STATUSES, type TaskKind, type TaskRecord, type TaskStatus } from './task.record.js';
import type { Transition } from '../transition/transition.js';

const MS_PER_SECOND = 1000;
/** Task kinds whose work the engine does through a job. */
const ENGINE_RUN_KINDS: readonly TaskKind[] = ['builtin', 'http', 'start-execution'];

/** How a task attempt ended, as far as its run is concerned. */
export type TaskEnding =
  | { readonly kind: 'succeeded'; readonly output: Json }
  | { readonly kind: 'failed'; readonly error: string; readonly cause?: string };

/** Where a result comes from: the resource itself, an answer sent with the token, a deadline. */
export type TaskResultSource = 'resource' | 'answer' | 'deadline' | 'child';

function scheduledEventId(events: readonly HistoryEvent[], task: TaskRequest): number {
  const scheduled = events.findLast(
    (event) =>
      (event.type === 'TaskScheduled' || event.type === 'ActivityScheduled') &&
      event.stateName === task.stateName,
  );
  if (!scheduled) throw new Error(`The step scheduled task '${task.stateName}' without recording it`);
  return scheduled.id;
}

/** When the engine should run the attempt: now, or once `builtin:sleep` has slept. */
function dueAt(transition: Transition, task: TaskRequest): number {
  const { resource } = task;
  if (resource.kind !== 'builtin' || resource.name !== 'sleep') return transition.nowMs;
  return transition.nowMs + (runBuiltinTask('sleep', task.input, 0).delayMs ?? 0);
}

/** Records a new attempt and arranges for its work and its deadlines. */
export function scheduleTask(
  transition: Transition,
  run: RunRecord,
  task: TaskRequest,
  events: readonly HistoryEvent[],
): void {
  const { nowMs } = transition;
  const kind = task.resource.kind;
  const executionId = transition.execution.id;
  const timeoutAtMs = task.timeoutSeconds === undefined ? null : nowMs + task.timeoutSeconds * MS_PER_SECOND;
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
    dueAtMs: dueAt(transition, task),
    timeoutAtMs,
    heartbeatSeconds: task.heartbeatSeconds ?? null,
    heartbeatAtMs,
    childExecutionId: null,
  };
  transition.tasks.create(record);
  if (kind === 'http') transition.jobs.httpTask({ executionId, token: task.token });
  else if (ENGINE_RUN_KINDS.includes(kind)) {
    transition.jobs.transition({ kind: 'task', executionId, token: task.token }, record.dueAtMs);
  }
  armDeadline(transition, record.token, timeoutAtMs, heartbeatAtMs);
}

/** A job for the earlier of a task's deadlines, if it has any. */
export function armDeadline(
  transition: Transition,
  token: string,
  timeoutAtMs: number | null,
  heartbeatAtMs: number | null,
): void {
  const deadlines = [timeoutAtMs, heartbeatAtMs].filter((at): at is number => at !== null);
  if (deadlines.length === 0) return;
  transition.jobs.transition(
    { kind: 'task-deadline', executionId: transition.execution.id, token },
    Math.min(...deadlines),
  );
}

/** Whether the attempt may still take a result in this transaction. */
export function isOpen(transition: Transition, task: TaskRecord): boolean {
  const status = transition.tasks.statusOf(task.token) ?? task.status;
  return OPEN_TASK_STATUSES.includes(status);
}

function closedStatus(ending: TaskEnding, source: TaskResultSource): TaskStatus {
  if (ending.kind === 'succeeded') return 'SUCCEEDED';
  return source === 'deadline' ? 'TIMED_OUT' : 'FAILED';
}

/**
 * Applies a result to an open attempt. A `.waitForTaskToken` resource that ran successfully does
 * not end the attempt: it starts waiting for the answer sent with its token. Returns false when
 * the run no longer waits for this attempt (it is then closed, so nothing answers it later).
 */
export async function completeTask(
  transition: Transition,
  task: TaskRecord,
  ending: TaskEnding,
  source: TaskResultSource,
): Promise<boolean> {
  const run = await transition.runs.get(task.runId);
  const waiting = run.state.waiting;
  if (run.status !== 'RUNNING' || waiting?.kind !== 'task' || waiting.token !== task.token) {
    transition.tasks.change(task.token, { status: 'CANCELLED' });
    return false;
  }
  if (source === 'resource' && ending.kind === 'succeeded' && task.pattern === 'wait-for-task-token') {
    transition.tasks.change(task.token, { status: 'STARTED', started: true });
    return true;
  }
  transition.tasks.change(task.token, { status: closedStatus(ending, source) });
  const outcome: Outcome =
    ending.kind === 'succeeded'
      ? { kind: 'task-succeeded', output: ending.output }
      : {
          kind: 'task-failed',
          error: ending.error,
          ...(ending.cause === undefined ? {} : { cause: ending.cause }),
        };
  transition.push(run, outcome);
  return true;
}

/**
 * A deadline job fired: fails the attempt with `States.Timeout` or `States.HeartbeatTimeout` if
 * one of its deadlines has passed by PostgreSQL's clock, or re-arms for the next one (a heartbeat
 * moved it).
 */
export async function taskDeadline(transition: Transition, task: TaskRecord): Promise<void> {
  if (!isOpen(transition, task)) return;
  const deadlines = [
    { error: 'States.Timeout', atMs: task.timeoutAtMs },
    { error: 'States.HeartbeatTimeout', atMs: task.heartbeatAtMs },
  ].filter((deadline): deadline is { error: string; atMs: number } => deadline.atMs !== null);
  const passed = deadlines
    .filter((deadline) => deadline.atMs <= transition.nowMs)
    .sort((a, b) => a.atMs - b.atMs)[0];
  if (passed) {
    await completeTask(transition, task, { kind: 'failed', error: passed.error }, 'deadline');
    return;
  }
  armDeadline(transition, task.token, task.timeoutAtMs, task.heartbeatAtMs);
}
