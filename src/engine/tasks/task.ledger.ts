/** Task attempts created and changed during one transaction, written back together at its end. */
import type { TaskRecord, TaskStatus } from './task.record.js';
import type { TaskRows } from '../transition/transition.writer.js';

/** A change to an existing (or just created) task attempt. */
export interface TaskChange {
  readonly status: TaskStatus;
  readonly workerName?: string;
  /** The attempt started now (leased, or its resource ran and it waits for its token). */
  readonly started?: boolean;
  readonly heartbeatAtMs?: number;
  readonly childExecutionId?: string;
}

export class TaskLedger {
  /** New attempts, with what this transaction changed on them since. */
  private readonly created = new Map<string, { task: TaskRecord; change: TaskChange | undefined }>();
  /** Changes to attempts that existed before this transaction. */
  private readonly changes = new Map<string, TaskChange>();

  /** A new attempt. */
  create(task: TaskRecord): void {
    this.created.set(task.token, { task, change: undefined });
  }

  /** Changes an attempt; later changes to the same attempt in this transaction add to earlier ones. */
  change(token: string, change: TaskChange): void {
    const created = this.created.get(token);
    if (created) created.change = { ...created.change, ...change };
    else this.changes.set(token, { ...this.changes.get(token), ...change });
  }

  /** The status this transaction gave the attempt, if it created or changed it. */
  statusOf(token: string): TaskStatus | undefined {
    const created = this.created.get(token);
    return created ? (created.change?.status ?? created.task.status) : this.changes.get(token)?.status;
  }

  /** Attempts of `task`'s state this transaction created before it (not in the database yet). */
  createdBefore(task: TaskRecord): number {
    return [...this.created.values()].filter(
      (created) =>
        created.task.stateName === task.stateName && created.task.scheduledEventId < task.scheduledEventId,
    ).length;
  }

  /** Activities of the attempts this transaction scheduled (for the activity-scheduled notice). */
  scheduledActivities(): string[] {
    return [...this.created.values()].flatMap(({ task }) =>
      task.activity !== null && this.statusOf(task.token) === 'SCHEDULED' ? [task.activity] : [],
    );
  }

  /** Takes the rows of every change not yet written (for the transition's final write). */
  pending(): TaskRows {
    const changed = [...this.changes].map(([token, change]) => ({
      token,
      status: change.status,
      worker_name: change.workerName ?? null,
      started: change.started ?? false,
      heartbeat_at_ms: change.heartbeatAtMs ?? null,
      child_execution_id: change.childExecutionId ?? null,
    }));
    const created = [...this.created.values()].map(({ task, change }) => ({
      token: task.token,
      run_id: task.runId,
      scheduled_event_id: task.scheduledEventId,
      state_name: task.stateName,
      resource: task.resource,
      kind: task.kind,
      pattern: task.pattern,
      activity: task.activity,
      status: change?.status ?? task.status,
      input: JSON.stringify(task.input),
      worker_name: change?.workerName ?? task.workerName,
      due_at_ms: task.dueAtMs,
      timeout_at_ms: task.timeoutAtMs,
      heartbeat_seconds: task.heartbeatSeconds,
      heartbeat_at_ms: change?.heartbeatAtMs ?? task.heartbeatAtMs,
      child_execution_id: change?.childExecutionId ?? task.childExecutionId,
      started: task.status === 'STARTED' || (change?.started ?? false),
    }));
    this.changes.clear();
    this.created.clear();
    return { changed, created };
  }
}
