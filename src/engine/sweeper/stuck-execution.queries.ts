/**
 * How the sweeper finds RUNNING executions that nothing keeps alive: one set-based statement over
 * the running executions (executions_status_started_at_idx), each probed through indexes for what
 * would keep it alive (runs_running_execution_idx, tasks_state_attempts_idx; pg-boss's live jobs).
 */
import type { EntityManager } from 'typeorm';
import { HTTP_TASK_QUEUE, TRANSITION_QUEUE } from '../queue/engine.queues.js';
import { QUEUE_SCHEMA } from '../queue/queue.service.js';
import type { StuckRun } from './stuck-execution.verdict.js';

/**
 * Executions that started, were redriven or had a run change this recently are left alone: what
 * an in-flight transaction or a job's retry is about to do is not misread as stuck.
 */
export const STUCK_GRACE_SECONDS = 60;

/**
 * RUNNING executions older than the grace with nothing that keeps them alive:
 * - no execution TimeoutSeconds (its job ends it at the latest then; the overdue sweep re-arms it);
 * - no running run with a wake-up (a timer, a Wait, a retry backoff, a step left for a job: every
 *   `run` job sets it) or changed within the grace;
 * - no open task attempt of a running run that something will answer: a scheduled one (its job,
 *   or the overdue sweep's re-arm), a callback's token, an activity, a nested execution's child
 *   (running, or ended: the overdue sweep applies its end), a task deadline;
 * - no live job (created, retry, active) in the engine's queues naming the execution;
 * - not paused: an operator holds it, and its resume steps what it holds.
 * `$1` is the grace in seconds, `$2` the batch, `$3` the engine's queues, `$4` the ids to look at
 * (all when null).
 */
const STUCK_EXECUTIONS = `
  SELECT e.id FROM executions e
   WHERE e.status = 'RUNNING' AND e.timeout_at IS NULL AND e.paused_at IS NULL
     AND e.started_at < now() - $1 * interval '1 second'
     AND (e.redriven_at IS NULL OR e.redriven_at < now() - $1 * interval '1 second')
     AND ($4::uuid[] IS NULL OR e.id = ANY($4::uuid[]))
     AND NOT EXISTS (
       SELECT 1 FROM runs r
        WHERE r.execution_id = e.id AND r.status = 'RUNNING'
          AND (r.wake_at IS NOT NULL OR r.updated_at > now() - $1 * interval '1 second'))
     AND NOT EXISTS (
       SELECT 1 FROM tasks t JOIN runs r ON r.id = t.run_id AND r.status = 'RUNNING'
        WHERE t.execution_id = e.id AND t.status IN ('SCHEDULED', 'STARTED')
          AND (t.status = 'SCHEDULED' OR t.kind <> 'start-execution' OR t.child_execution_id IS NOT NULL
               OR t.timeout_at IS NOT NULL OR t.heartbeat_at IS NOT NULL))
     AND NOT EXISTS (
       SELECT 1 FROM ${QUEUE_SCHEMA}.job j
        WHERE j.name = ANY($3::text[]) AND j.state IN ('created', 'retry', 'active')
          AND j.data->>'executionId' = e.id::text)
   ORDER BY e.started_at
   LIMIT $2`;

const ENGINE_QUEUES = [TRANSITION_QUEUE.name, HTTP_TASK_QUEUE.name];

/** Up to `batch` RUNNING executions that nothing keeps alive (`among` narrows the look). */
export async function findStuckExecutions(
  manager: EntityManager,
  batch: number,
  among: readonly string[] | null = null,
): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(STUCK_EXECUTIONS, [
    STUCK_GRACE_SECONDS,
    batch,
    ENGINE_QUEUES,
    among,
  ]);
  return rows.map((row) => row.id);
}

/**
 * Locks the executions that are still running, skipping any a transition holds: that one is
 * moving, and is looked at again next sweep.
 */
export async function lockRunningExecutions(
  manager: EntityManager,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await manager.query<{ id: string }[]>(
    "SELECT id FROM executions WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' ORDER BY id FOR UPDATE SKIP LOCKED",
    [ids],
  );
  return rows.map((row) => row.id);
}

/** The running runs of these executions, with what their latest fan-out's children say. */
export async function runningRunsOf(
  manager: EntityManager,
  ids: readonly string[],
): Promise<Map<string, StuckRun[]>> {
  const rows = await manager.query<(StuckRun & { executionId: string })[]>(
    `SELECT r.execution_id AS "executionId", r.id, r.fence, r.state->>'stateName' AS "stateName",
            r.state->'waiting'->>'kind' AS "waitingFor", r.redrive_pending AS "redrivePending",
            r.children_succeeded = r.children_total AS "childrenSucceeded",
            EXISTS (SELECT 1 FROM runs c WHERE c.parent_run_id = r.id AND c.fork = r.current_fork
                                           AND c.status = 'RUNNING') AS "childRunning",
            EXISTS (SELECT 1 FROM runs c WHERE c.parent_run_id = r.id AND c.fork = r.current_fork
                                           AND c.status = 'FAILED') AS "childFailed"
       FROM runs r WHERE r.execution_id = ANY($1::uuid[]) AND r.status = 'RUNNING'
      ORDER BY r.execution_id, r.id`,
    [ids],
  );
  const byExecution = new Map<string, StuckRun[]>(ids.map((id) => [id, []]));
  for (const { executionId, ...run } of rows) byExecution.get(executionId)?.push(run);
  return byExecution;
}
