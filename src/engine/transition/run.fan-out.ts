/**
 * Parallel branches and Map iterations as child runs: the fan-out under MaxConcurrency, the join
 * counter updated in the same transaction as the child that ends, and the abort of the rest when
 * one fails, deepest first (docs/design.md §3 rule 8).
 *
 * {@link FanOut} changes runs only. What follows from a change is returned for the Transition to
 * carry out: the runs to step next, and the runs whose abort it records.
 */
import { randomUUID } from 'node:crypto';
import type { AbortReason, Json, Outcome, RunState } from '../../asl/index.js';
import { newRun, type RunRecord } from './run.record.js';
import type { RunStore } from './run.store.js';

/** A run to step, with its outcome; none: whatever the database says it is due. */
export interface ReadyRun {
  readonly run: RunRecord;
  readonly outcome?: Outcome;
}

/** A run an abort stopped. Runs come deepest first: the order their aborts are recorded in. */
export interface AbortedRun {
  readonly run: RunRecord;
  readonly reason: AbortReason;
}

/** What follows from a child's end: the aborts to record first, then the runs to step. */
export interface ChildEnd {
  readonly aborted: readonly AbortedRun[];
  readonly ready: readonly ReadyRun[];
}

export class FanOut {
  constructor(private readonly runs: RunStore) {}

  /** Creates the children of a fan-out; returns the first `maxConcurrency` (0: all), to start at once. */
  fork(parent: RunRecord, children: readonly RunState[], maxConcurrency: number): ReadyRun[] {
    const limit = maxConcurrency > 0 ? maxConcurrency : children.length;
    parent.currentFork += 1;
    parent.childrenTotal = children.length;
    parent.childrenSucceeded = 0;
    parent.childrenRunning = Math.min(children.length, limit);
    parent.maxConcurrency = maxConcurrency;
    const started: ReadyRun[] = [];
    children.forEach((state, childIndex) => {
      const child = newRun({
        id: randomUUID(),
        state,
        status: childIndex < limit ? 'RUNNING' : 'PENDING',
        parent: { runId: parent.id, fork: parent.currentFork, childIndex },
      });
      this.runs.create(child);
      if (child.status === 'RUNNING') started.push({ run: child, outcome: { kind: 'start' } });
    });
    return started;
  }

  /**
   * A child ended: count it on its parent. A failure aborts its siblings and fails the parent's
   * state with the child's error; the last success joins the parent; any other success lets the
   * next waiting child start.
   */
  async childEnded(child: RunRecord): Promise<ChildEnd> {
    const parent = await this.runs.get(child.parentRunId as string);
    if (parent.status !== 'RUNNING' || parent.currentFork !== child.fork) return { aborted: [], ready: [] };
    parent.childrenRunning -= 1;
    if (child.status === 'FAILED') {
      const aborted = await this.abortOpenChildren(parent);
      this.runs.touch(parent);
      const outcome: Outcome = {
        kind: 'child-failed',
        ...(child.error === null ? {} : { error: child.error }),
        ...(child.cause === null ? {} : { cause: child.cause }),
      };
      return { aborted, ready: [{ run: parent, outcome }] };
    }
    parent.childrenSucceeded += 1;
    this.runs.touch(parent);
    if (parent.childrenSucceeded === parent.childrenTotal) return { aborted: [], ready: [{ run: parent }] };
    return { aborted: [], ready: await this.startWaitingChildren(parent) };
  }

  /**
   * Stops a run and, first, every run below it: started ones with their subtree, waiting ones
   * silently. Returns the started ones, deepest first: a run that has entered a state records its
   * abort, and its open task is cancelled. Its state stays as it was, for a redrive.
   */
  async abortTree(run: RunRecord, reason: AbortReason): Promise<AbortedRun[]> {
    const waiting = run.state.waiting;
    const below =
      waiting?.kind === 'children' && run.currentFork > 0 ? await this.abortOpenChildren(run) : [];
    run.status = 'ABORTED';
    run.wakeAtMs = null;
    this.runs.touch(run);
    return [...below, { run, reason }];
  }

  /**
   * Redrives the children of a fan-out that did not succeed (AWS's redrive of inline Map and
   * Parallel states): succeeded children keep their outputs, the others wait for their turn again,
   * a started one to resume where it ended, a never-started one to start. Returns what to step.
   */
  async resume(parent: RunRecord): Promise<ReadyRun[]> {
    let succeeded = 0;
    for (const child of await this.runs.forkChildren(parent)) {
      if (child.status === 'SUCCEEDED') {
        succeeded += 1;
        continue;
      }
      child.status = 'PENDING';
      child.redrivePending = child.state.waiting !== null;
      child.error = null;
      child.cause = null;
      this.runs.touch(child);
    }
    parent.childrenSucceeded = succeeded;
    parent.childrenRunning = 0;
    this.runs.touch(parent);
    if (succeeded === parent.childrenTotal) return [{ run: parent }];
    return this.startWaitingChildren(parent);
  }

  /** What a parent waiting for its children learns from them, if they are done. */
  async join(parent: RunRecord): Promise<Outcome | undefined> {
    if (parent.childrenSucceeded === parent.childrenTotal) {
      const children = await this.runs.forkChildren(parent);
      return { kind: 'children-succeeded', outputs: children.map((child) => child.output as Json) };
    }
    const failed = await this.runs.failedChild(parent);
    if (!failed) return undefined;
    return {
      kind: 'child-failed',
      ...(failed.error === null ? {} : { error: failed.error }),
      ...(failed.cause === null ? {} : { cause: failed.cause }),
    };
  }

  /** Starts as many waiting children as MaxConcurrency allows, in child order. */
  private async startWaitingChildren(parent: RunRecord): Promise<ReadyRun[]> {
    const limit = parent.maxConcurrency > 0 ? parent.maxConcurrency : Infinity;
    const waiting = parent.childrenTotal - parent.childrenSucceeded - parent.childrenRunning;
    const room = Math.min(limit - parent.childrenRunning, waiting);
    if (room <= 0) return [];
    const started: ReadyRun[] = [];
    for (const child of await this.runs.pendingChildren(parent, room)) {
      child.status = 'RUNNING';
      this.runs.touch(child);
      parent.childrenRunning += 1;
      started.push({ run: child });
    }
    this.runs.touch(parent);
    return started;
  }

  /** Stops the open children of a parent's latest fan-out; returns the started ones, deepest first. */
  private async abortOpenChildren(parent: RunRecord): Promise<AbortedRun[]> {
    const aborted: AbortedRun[] = [];
    for (const child of await this.runs.openChildren(parent)) {
      if (child.status === 'PENDING') {
        child.status = 'ABORTED';
        this.runs.touch(child);
      } else {
        parent.childrenRunning -= 1;
        aborted.push(...(await this.abortTree(child, { kind: 'aborted' })));
      }
    }
    this.runs.touch(parent);
    return aborted;
  }
}
