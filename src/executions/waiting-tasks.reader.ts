import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/identifiers.js';
import { TASK_COLUMNS, taskFromRow, type TaskRow } from '../engine/tasks/task.record.js';
import { executionRootSpan, stateTraceparent } from '../engine/transition/execution.trace.js';
import type { WaitingTask } from './models/waiting-task.model.js';

const dateOf = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * The task attempts of an execution that wait for an answer sent with their token: open
 * `.waitForTaskToken` attempts (their run is waiting on them; an attempt the run left is cancelled
 * in the same transaction). One query; rows mapped by the engine's own task mapping.
 */
@Injectable()
export class WaitingTasksReader {
  constructor(private readonly dataSource: DataSource) {}

  async of(executionId: string): Promise<WaitingTask[]> {
    if (!isUuid(executionId)) return [];
    // The path walks the task's run up to the execution's root run: a handful of rows per task.
    const rows = await this.dataSource.query<
      (TaskRow & { branch_path: number[]; execution_traceparent: string | null; entered_event_id: number })[]
    >(
      `SELECT ${TASK_COLUMNS},
              (SELECT e.traceparent FROM executions e WHERE e.id = t.execution_id) AS execution_traceparent,
              (SELECT (r.state->>'enteredEventId')::int FROM runs r WHERE r.id = t.run_id) AS entered_event_id,
              (WITH RECURSIVE up AS (
                 SELECT r.parent_run_id, r.child_index, 0 AS depth FROM runs r WHERE r.id = t.run_id
                 UNION ALL
                 SELECT p.parent_run_id, p.child_index, up.depth + 1 FROM runs p JOIN up ON p.id = up.parent_run_id)
               SELECT coalesce(array_agg(child_index ORDER BY depth DESC) FILTER (WHERE child_index IS NOT NULL), '{}')
                 FROM up) AS branch_path
         FROM tasks t
        WHERE t.execution_id = $1 AND t.pattern = 'wait-for-task-token' AND t.status IN ('SCHEDULED', 'STARTED')
        ORDER BY t.scheduled_event_id`,
      [executionId],
    );
    return rows.map((row) => {
      const task = taskFromRow(row);
      const root = executionRootSpan({ traceparent: row.execution_traceparent });
      const traceparent = stateTraceparent(root, row.entered_event_id);
      return {
        stateName: task.stateName,
        branchPath: row.branch_path,
        scheduledSeq: task.scheduledEventId,
        taskToken: task.token,
        timeoutAt: dateOf(task.timeoutAtMs),
        heartbeatDeadline: dateOf(task.heartbeatAtMs),
        ...(traceparent ? { traceparent } : {}),
      };
    });
  }
}
