/**
 * Nested executions inside a parent's transition: starting one for a startExecution task, and
 * applying a child's end to the `.sync` task that waits for it. The child is created in the
 * parent's transaction, but its end reaches the parent through a job, never a lock on both.
 */
import type { ExecutionStarter } from '../start/execution.starter.js';
import {
  childEnding,
  executionExists,
  findStateMachine,
  missingStateMachine,
  nestedStart,
  readChildExecution,
  startedOutput,
} from './nested-execution.js';
import { findTaskAwaitingChild, type TaskRecord } from './task.record.js';
import type { Transition } from '../transition/transition.js';
import { completeTask, isOpen } from './task.attempts.js';

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs a startExecution attempt: starts the child, then succeeds at once or waits for its end. */
export async function startNested(
  transition: Transition,
  task: TaskRecord,
  starter: ExecutionStarter,
): Promise<void> {
  const request = nestedStart(task.input);
  if (!('target' in request)) {
    await completeTask(transition, task, request, 'resource');
    return;
  }
  const stateMachineId = await findStateMachine(transition.manager, request.target);
  if (stateMachineId === undefined) {
    await completeTask(transition, task, missingStateMachine(request.target), 'resource');
    return;
  }
  // Without a Name, the attempt's token names the child: a duplicate job finds it rather than
  // starting a second one, while a retry (a new attempt, a new token) starts a new child, as on AWS.
  const name = request.name ?? task.token;
  const started = await starter.startWithin(transition.manager, {
    stateMachineId,
    name,
    input: request.input,
    parentExecutionId: transition.execution.id,
  });
  if (started.kind === 'not-found') {
    await completeTask(transition, task, missingStateMachine(request.target), 'resource');
    return;
  }
  transition.nestedNotices.push(...started.notices);
  if (!started.created && !sameJson(started.input, request.input)) {
    await completeTask(transition, task, executionExists(name), 'resource');
    return;
  }
  if (task.pattern === 'sync' || task.pattern === 'sync:2') {
    transition.tasks.change(task.token, {
      status: 'STARTED',
      started: true,
      childExecutionId: started.executionId,
    });
    // An existing child may have ended already: its end job went to its own parent, if any.
    if (!started.created) {
      transition.jobs.transition({
        kind: 'child-ended',
        executionId: transition.execution.id,
        childExecutionId: started.executionId,
      });
    }
    return;
  }
  const child = await readChildExecution(transition.manager, started.executionId);
  const output = startedOutput(child?.stateMachineName ?? request.target, name, started.startedAtMs);
  await completeTask(transition, task, { kind: 'succeeded', output }, 'resource');
}

/** A child ended: applies its result to the `.sync` task of this execution that waits for it, if any. */
export async function childExecutionEnded(transition: Transition, childExecutionId: string): Promise<void> {
  const task = await findTaskAwaitingChild(transition.manager, transition.execution.id, childExecutionId);
  if (!task || !isOpen(transition, task)) return;
  const child = await readChildExecution(transition.manager, childExecutionId);
  if (!child || child.status === 'RUNNING') return;
  await completeTask(transition, task, childEnding(child, task.pattern), 'child');
}
