/**
 * Jobs a transition enqueues, inserted inside its transaction at the end (docs/design.md §3 rule 2): they
 * become visible exactly when the transition commits, and vanish with it on a rollback.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '../queue/after-commit.jobs.js';
import {
  HTTP_TASK_QUEUE,
  TRANSITION_QUEUE,
  type HttpTaskJob,
  type TransitionJob,
} from '../queue/engine.queues.js';
import type { QueueDefinition } from '../queue/queue.definition.js';
import type { BatchedJob, QueueService } from '../queue/queue.service.js';

/** Delayed jobs further away than this are left to the workers' polling. */
const MAX_WAKE_UP_DELAY_MS = 10 * 60 * 1000;
const MS_PER_SECOND = 1000;

/** Queues whose jobs this process carries out itself right after their commit (see {@link AfterCommitJob}). */
export interface RunsHere {
  readonly transition: boolean;
  readonly http: boolean;
}

export class TransitionJobs {
  private readonly transitions: BatchedJob<TransitionJob>[] = [];
  private readonly httpTasks: BatchedJob<HttpTaskJob>[] = [];
  /** Delays of the transition jobs, in milliseconds from the transaction's clock (0: due at once). */
  private readonly delaysMs = new Set<number>();
  /** Work this process carries out after the commit, the jobs above being its fallback. */
  private readonly afterCommitJobs: AfterCommitJob[] = [];

  constructor(
    private readonly nowMs: number,
    /**
     * How long a job may run before pg-boss hands it to another worker: a transition's lease, and
     * for an HTTP job the call's timeout plus that lease.
     */
    private readonly expireInSeconds: { readonly transition: number; readonly http: number },
    private readonly runsHere: RunsHere = { transition: false, http: false },
  ) {}

  /**
   * A transition job, at once or not before `atMs` (a PostgreSQL-clock instant). `afterCommit`:
   * work this process may carry out itself once the transaction commits, when it is due now.
   */
  transition(job: TransitionJob, atMs?: number, options: { readonly afterCommit?: boolean } = {}): void {
    const dueNow = atMs === undefined || atMs <= this.nowMs;
    if (options.afterCommit && dueNow && this.runsHere.transition) {
      this.transitions.push(this.fallback(TRANSITION_QUEUE, job, this.expireInSeconds.transition));
      return;
    }
    this.transitions.push(this.batched(job, atMs));
  }

  /** An HTTP Task call: carried out after the commit by this process when it works HTTP Tasks. */
  httpTask(job: HttpTaskJob): void {
    const expireInSeconds = this.expireInSeconds.http;
    if (this.runsHere.http) this.httpTasks.push(this.fallback(HTTP_TASK_QUEUE, job, expireInSeconds));
    else this.httpTasks.push({ data: job, expireInSeconds });
  }

  /** The work this process carries out once the transaction commits. */
  afterCommit(): readonly AfterCommitJob[] {
    return this.afterCommitJobs;
  }

  /** Inserts every job in the transaction of `manager`, one statement per queue. */
  async flush(queue: QueueService, manager: EntityManager): Promise<void> {
    await TransitionJobs.flushAll(queue, manager, [this]);
  }

  /**
   * Inserts the jobs of several transitions that share one transaction, one statement per queue
   * for all of them (a batch of transitions pays for one insert, not one each).
   */
  static async flushAll(
    queue: QueueService,
    manager: EntityManager,
    all: readonly TransitionJobs[],
  ): Promise<void> {
    const transitions = all.flatMap((jobs) => jobs.transitions.splice(0));
    const httpTasks = all.flatMap((jobs) => jobs.httpTasks.splice(0));
    await queue.sendMany(TRANSITION_QUEUE, transitions, { manager });
    await queue.sendMany(HTTP_TASK_QUEUE, httpTasks, { manager });
  }

  /**
   * Delays after which local workers should look for the jobs this transition enqueued (relative
   * to PostgreSQL's clock, so a process's own clock does not matter), once it committed; 0 for the
   * jobs due at once, which this process's own workers can then take without waiting for a poll.
   */
  wakeUpDelays(): number[] {
    return [...this.delaysMs];
  }

  /**
   * The job of work carried out after the commit: due only once its lease has passed, as a
   * fetched job would be handed over, so no worker takes it while this process does the work.
   */
  private fallback<T extends object>(
    queue: QueueDefinition<T>,
    data: T,
    expireInSeconds: number,
  ): BatchedJob<T> {
    const id = randomUUID();
    this.afterCommitJobs.push({ queue, id, data });
    return { id, data, startAfter: new Date(this.nowMs + expireInSeconds * MS_PER_SECOND), expireInSeconds };
  }

  private batched(data: TransitionJob, atMs: number | undefined): BatchedJob<TransitionJob> {
    const expireInSeconds = this.expireInSeconds.transition;
    if (atMs === undefined || atMs <= this.nowMs) {
      this.delaysMs.add(0);
      return { data, expireInSeconds };
    }
    if (atMs - this.nowMs <= MAX_WAKE_UP_DELAY_MS) this.delaysMs.add(Math.ceil(atMs - this.nowMs));
    return { data, startAfter: new Date(atMs), expireInSeconds };
  }
}
