/**
 * Nested executions inside a parent's transition: starting one for a startExecution task, and
 * reading a child's end for the `.sync` task that waits for it. The child is created in the
 * parent's transaction, but its end reaches the parent through a job, never a lock on both.
 */
import type { EntityManager } from 'typeorm';
import type { StatesArns } from '../../common/states-arns.js';
import type { ExecutionStarter } from '../start/execution.starter.js';
import type { TransitionNotices } from '../transition/transition.notices.js';
import {
  childEnding,
  executionExists,
  findStateMachine,
  missingStateMachine,
  nestedStart,
  readChildExecution,
  startedOutput,
} from './nested-execution.js';
import type { TaskEnding } from './task.attempts.js';
import type { TaskPattern, TaskRecord } from './task.record.js';

/** What a startExecution attempt came to; `notices`: the child's start, to publish after commit. */
export type NestedStartOutcome =
  /** The attempt ends now: it failed, or it started a child it does not wait for. */
  | { readonly kind: 'ended'; readonly ending: TaskEnding; readonly notices: readonly TransitionNotices[] }
  /** A `.sync` attempt waits for the child's end; an existing child (not `created`) may have ended already. */
  | {
      readonly kind: 'waiting';
      readonly childExecutionId: string;
      readonly created: boolean;
      readonly notices: readonly TransitionNotices[];
    };

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function ended(ending: TaskEnding): NestedStartOutcome {
  return { kind: 'ended', ending, notices: [] };
}

/** Runs a startExecution attempt of `parentExecutionId`: starts the child, then ends at once or waits for its end. */
export async function startNestedExecution(
  manager: EntityManager,
  starter: ExecutionStarter,
  arns: StatesArns,
  parentExecutionId: string,
  task: TaskRecord,
): Promise<NestedStartOutcome> {
  const request = nestedStart(task.input);
  if (!('target' in request)) return ended(request);
  const stateMachineId = await findStateMachine(manager, request.target);
  if (stateMachineId === undefined) return ended(missingStateMachine(request.target));
  // Without a Name, the attempt's token names the child: a duplicate job finds it rather than
  // starting a second one, while a retry (a new attempt, a new token) starts a new child, as on AWS.
  const name = request.name ?? task.token;
  const started = await starter.startWithin(manager, {
    stateMachineId,
    name,
    input: request.input,
    parentExecutionId,
  });
  if (started.kind === 'not-found') return ended(missingStateMachine(request.target));
  const { notices } = started;
  if (!started.created && !sameJson(started.record.execution.input, request.input)) {
    return { kind: 'ended', ending: executionExists(name), notices };
  }
  if (task.pattern === 'sync' || task.pattern === 'sync:2') {
    return { kind: 'waiting', childExecutionId: started.executionId, created: started.created, notices };
  }
  const { execution, stateMachineName } = started.record;
  const output = startedOutput(arns, stateMachineName, name, execution.startedAtMs);
  return { kind: 'ended', ending: { kind: 'succeeded', output }, notices };
}

/** What a `.sync` attempt learns from its child once the child has ended; undefined while it runs. */
export async function nestedExecutionEnding(
  manager: EntityManager,
  arns: StatesArns,
  childExecutionId: string,
  pattern: TaskPattern,
): Promise<TaskEnding | undefined> {
  const child = await readChildExecution(manager, childExecutionId);
  if (!child || child.status === 'RUNNING') return undefined;
  return childEnding(arns, child, pattern);
}
