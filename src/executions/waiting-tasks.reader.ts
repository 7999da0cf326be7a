import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/identifiers.js';
import { TASK_COLUMNS, taskFromRow, type TaskRow } from '../engine/tasks/task.record.js';
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
    const rows = await this.dataSource.query<TaskRow[]>(
      `SELECT ${TASK_COLUMNS} FROM tasks t
        WHERE t.execution_id = $1 AND t.pattern = 'wait-for-task-token' AND t.status IN ('SCHEDULED', 'STARTED')
        ORDER BY t.scheduled_event_id`,
      [executionId],
    );
    return rows.map(taskFromRow).map((task) => ({
      stateName: task.stateName,
      scheduledSeq: task.scheduledEventId,
      taskToken: task.token,
      timeoutAt: dateOf(task.timeoutAtMs),
      heartbeatDeadline: dateOf(task.heartbeatAtMs),
    }));
  }
}
