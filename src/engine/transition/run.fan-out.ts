/**
 * Parallel branches and Map iterations as child runs: the fan-out under MaxConcurrency, the join
 * counter updated in the same transaction as the child that ends, and the abort of the rest when
 * one fails, deepest first (DESIGN §3 rule 8).
 */
import { randomUUID } from 'node:crypto';
import { abortRun, type AbortReason, type Json, type Outcome, type RunState } from '../../asl/index.js';
import { newRun, type RunRecord } from './run.record.js';
import type { Transition } from './transition.js';

/** Creates the children of a fan-out; the first `maxConcurrency` (0: all) start at once. */
export function fork(
  transition: Transition,
  parent: RunRecord,
  children: readonly RunState[],
  maxConcurrency: number,
): void {
  const limit = maxConcurrency > 0 ? maxConcurrency : children.length;
  parent.currentFork += 1;
  parent.childrenTotal = children.length;
  parent.childrenSucceeded = 0;
  parent.childrenRunning = Math.min(children.length, limit);
  parent.maxConcurrency = maxConcurrency;
  children.forEach((state, childIndex) => {
    const child = newRun({
      id: randomUUID(),
      state,
      status: childIndex < limit ? 'RUNNING' : 'PENDING',
      parent: { runId: parent.id, fork: parent.currentFork, childIndex },
    });
    transition.runs.create(child);
    if (child.status === 'RUNNING') transition.push(child, { kind: 'start' });
  });
}

/**
 * A child ended: count it on its parent. A failure aborts its siblings and fails the parent's
 * state with the child's error; the last success joins the parent; any other success lets the
 * next waiting child start.
 */
export async function childEnded(transition: Transition, child: RunRecord): Promise<void> {
  const parent = await transition.runs.get(child.parentRunId as string);
  if (parent.status !== 'RUNNING' || parent.currentFork !== child.fork) return;
  parent.childrenRunning -= 1;
  if (child.status === 'FAILED') {
    await abortOpenChildren(transition, parent);
    transition.runs.touch(parent);
    const outcome: Outcome = {
      kind: 'child-failed',
      ...(child.error === null ? {} : { error: child.error }),
      ...(child.cause === null ? {} : { cause: child.cause }),
    };
    transition.push(parent, outcome);
    return;
  }
  parent.childrenSucceeded += 1;
  transition.runs.touch(parent);
  if (parent.childrenSucceeded === parent.childrenTotal) transition.push(parent);
  else await startWaitingChildren(transition, parent);
}

/** Starts as many waiting children as MaxConcurrency allows, in child order. */
export async function startWaitingChildren(transition: Transition, parent: RunRecord): Promise<void> {
  const limit = parent.maxConcurrency > 0 ? parent.maxConcurrency : Infinity;
  const waiting = parent.childrenTotal - parent.childrenSucceeded - parent.childrenRunning;
  const room = Math.min(limit - parent.childrenRunning, waiting);
  if (room <= 0) return;
  for (const child of await transition.runs.pendingChildren(parent, room)) {
    child.status = 'RUNNING';
    transition.runs.touch(child);
    parent.childrenRunning += 1;
    transition.push(child);
  }
  transition.runs.touch(parent);
}

/** Stops the open children of a parent's latest fan-out: started ones with their subtree, waiting ones silently. */
export async function abortOpenChildren(transition: Transition, parent: RunRecord): Promise<void> {
  for (const child of await transition.runs.openChildren(parent)) {
    if (child.status === 'PENDING') {
      child.status = 'ABORTED';
      transition.runs.touch(child);
    } else {
      parent.childrenRunning -= 1;
      await abortTree(transition, child, { kind: 'aborted' });
    }
  }
  transition.runs.touch(parent);
}

/**
 * Stops a run and, first, every run below it. A run that has started records the abort of its
 * state (and MapIterationAborted, or ExecutionAborted / ExecutionTimedOut for the root); its open
 * task is cancelled, so a late result for it is refused. Its state stays as it was, for a redrive.
 */
export async function abortTree(transition: Transition, run: RunRecord, reason: AbortReason): Promise<void> {
  const waiting = run.state.waiting;
  if (waiting?.kind === 'children' && run.currentFork > 0) await abortOpenChildren(transition, run);
  if (waiting !== null)
    transition.record(abortRun(transition.definition, run.state, reason, transition.env()));
  if (waiting?.kind === 'task') transition.tasks.change(waiting.token, { status: 'CANCELLED' });
  run.status = 'ABORTED';
  run.wakeAtMs = null;
  transition.runs.touch(run);
}

/**
 * Redrives the children of a fan-out that did not succeed (AWS's redrive of inline Map and
 * Parallel states): succeeded children keep their outputs, the others wait for their turn again,
 * a started one to resume where it ended, a never-started one to start.
 */
export async function resumeChildren(transition: Transition, parent: RunRecord): Promise<void> {
  let succeeded = 0;
  for (const child of await transition.runs.forkChildren(parent)) {
    if (child.status === 'SUCCEEDED') {
      succeeded += 1;
      continue;
    }
    child.status = 'PENDING';
    child.redrivePending = child.state.waiting !== null;
    child.error = null;
    child.cause = null;
    transition.runs.touch(child);
  }
  parent.childrenSucceeded = succeeded;
  parent.childrenRunning = 0;
  transition.runs.touch(parent);
  if (succeeded === parent.childrenTotal) transition.push(parent);
  else await startWaitingChildren(transition, parent);
}

/** What a parent waiting for its children learns from them, if they are done. */
export async function joinOutcome(transition: Transition, parent: RunRecord): Promise<Outcome | undefined> {
  if (parent.childrenSucceeded === parent.childrenTotal) {
    const children = await transition.runs.forkChildren(parent);
    return { kind: 'children-succeeded', outputs: children.map((child) => child.output as Json) };
  }
  const failed = await transition.runs.failedChild(parent);
  if (!failed) return undefined;
  return {
    kind: 'child-failed',
    ...(failed.error === null ? {} : { error: failed.error }),
    ...(failed.cause === null ? {} : { cause: failed.cause }),
  };
}
