/**
 * The execution within one transition: its row (status, deadline, counters), the history events
 * its steps and aborts record, and what to announce after commit. Changed in memory and written
 * back with the transition; the jobs its deadline and its end need go into the transition's jobs.
 */
import type { HistoryEvent, Json, StateMachineDefinition, StepEnv, StepResult } from '../../asl/index.js';
import type { ExecutionStatus } from '../../common/execution-status.js';
import type { StatesArns } from '../../common/states-arns.js';
import { executionContext } from '../start/execution.arn.js';
import { newTaskToken } from '../tasks/task-token.js';
import type { ExecutionRecord } from './execution.repository.js';
import type { TransitionJobs } from './transition.jobs.js';
import type { TransitionNotices } from './transition.notices.js';

const MS_PER_SECOND = 1000;
/** Statuses an execution can be redriven from (AWS's RedriveExecution). */
const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** What bounds an execution's steps. */
export interface ExecutionLimits {
  /** States entered in one transaction before the rest waits for a job. */
  readonly maxInlineTransitions: number;
  /** States entered over the whole execution (States.Runtime past it). */
  readonly maxExecutionTransitions: number;
  /** Expression budgets and the worker threads for long JSONata (evaluation/expression-budget.service.ts). */
  readonly expressions?: Pick<StepEnv, 'budget' | 'offloadJsonata'>;
}

export class ExecutionProgress {
  /** History events recorded in this transaction, in `seq` order. */
  readonly events: HistoryEvent[] = [];
  /** States entered in this transaction. */
  private used = 0;
  /** Announce the status after commit even if it did not change (a start, a redrive). */
  private announceStatus = false;
  private readonly firstSeq: number;
  private readonly initialStatus: ExecutionStatus;
  private readonly initiallyPaused: boolean;
  private readonly initialTransitions: number;
  /** `performance.now()` when the transition began: its latency is measured up to the commit. */
  private readonly beganAt = performance.now();

  constructor(
    readonly execution: ExecutionRecord,
    private readonly definition: StateMachineDefinition,
    private readonly stateMachineName: string,
    /** PostgreSQL's clock when the execution was locked, epoch milliseconds. */
    private readonly nowMs: number,
    private readonly limits: ExecutionLimits,
    private readonly jobs: TransitionJobs,
    /** The ARNs of `$$` and the region of TaskScheduled events, as the AWS endpoint answers them. */
    private readonly arns: StatesArns,
  ) {
    this.firstSeq = execution.nextEventId;
    this.initialStatus = execution.status;
    this.initiallyPaused = execution.pausedAtMs !== null;
    this.initialTransitions = execution.transitions;
  }

  get running(): boolean {
    return this.execution.status === 'RUNNING';
  }

  /** Whether this transaction has entered as many states as it may; the rest waits for a job. */
  get budgetSpent(): boolean {
    return this.used >= this.limits.maxInlineTransitions;
  }

  /** What the interpreter needs for the next step or abort of this execution. */
  env(): StepEnv {
    const execution = this.execution;
    return {
      now: this.nowMs,
      random: Math.random,
      newTaskToken,
      nextEventId: execution.nextEventId,
      context: executionContext(this.arns, { ...execution, stateMachineName: this.stateMachineName }),
      maxInlineTransitions: Math.max(1, this.limits.maxInlineTransitions - this.used),
      executionTransitions: execution.transitions,
      maxExecutionTransitions: this.limits.maxExecutionTransitions,
      region: this.arns.region,
      ...this.limits.expressions,
    };
  }

  /** Appends the events of a step or abort and counts its transitions. */
  append(result: Pick<StepResult, 'events' | 'transitions' | 'offloaded'>): void {
    this.events.push(...result.events);
    this.execution.nextEventId += result.events.length;
    this.execution.transitions += result.transitions;
    this.used += result.transitions;
    // A step that waited seconds for a worker thread spends the budget: other runs go on in jobs.
    if (result.offloaded) this.used = Math.max(this.used, this.limits.maxInlineTransitions);
  }

  /** A new execution: announced after commit, the definition's TimeoutSeconds armed from its start. */
  started(): void {
    this.announceStatus = true;
    this.armTimeout(this.execution.startedAtMs);
  }

  /**
   * Back to RUNNING for a redrive, announced after commit, TimeoutSeconds armed again from now.
   * False when the execution cannot be redriven (only a FAILED, TIMED_OUT or ABORTED one can).
   */
  redriven(): boolean {
    const execution = this.execution;
    if (!REDRIVABLE_STATUSES.includes(execution.status)) return false;
    execution.status = 'RUNNING';
    execution.output = undefined;
    execution.error = null;
    execution.cause = null;
    execution.stoppedAtMs = null;
    execution.redriveCount += 1;
    execution.redrivenAtMs = this.nowMs;
    this.announceStatus = true;
    this.armTimeout(this.nowMs);
    return true;
  }

  /**
   * Whether a running execution's TimeoutSeconds has passed by PostgreSQL's clock. A timeout job
   * that came early (a redrive moved the deadline) is re-armed.
   */
  timedOut(): boolean {
    const execution = this.execution;
    if (execution.status !== 'RUNNING' || execution.timeoutAtMs === null) return false;
    if (execution.timeoutAtMs > this.nowMs) {
      this.jobs.transition({ kind: 'execution-timeout', executionId: execution.id }, execution.timeoutAtMs);
      return false;
    }
    return true;
  }

  /** Ends the execution (its root run ended, it timed out or it was stopped); a parent learns through a job. */
  end(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { readonly output?: Json; readonly error?: string; readonly cause?: string },
  ): void {
    const execution = this.execution;
    execution.status = status;
    execution.output = result.output;
    execution.error = result.error ?? null;
    execution.cause = result.cause ?? null;
    execution.stoppedAtMs = this.nowMs;
    execution.timeoutAtMs = null;
    // An ended execution is no longer paused (a stop or its TimeoutSeconds may end a paused one).
    execution.pausedAtMs = null;
    execution.pausedBy = null;
    if (execution.parentExecutionId !== null) {
      this.jobs.transition({
        kind: 'child-ended',
        executionId: execution.parentExecutionId,
        childExecutionId: execution.id,
      });
    }
  }

  /** What to publish after commit: the events committed, the status and pause if they changed, and wake-ups. */
  notices(activities: readonly string[]): TransitionNotices {
    const execution = this.execution;
    const paused = execution.pausedAtMs !== null;
    return {
      executionId: execution.id,
      stateMachineId: execution.stateMachineId,
      stateMachineName: this.stateMachineName,
      events:
        this.events.length > 0 ? { fromSeq: this.firstSeq, toSeq: execution.nextEventId - 1 } : undefined,
      status: execution.status !== this.initialStatus || this.announceStatus ? execution.status : undefined,
      paused: paused === this.initiallyPaused ? undefined : paused,
      activities,
      wakeUpDelaysMs: this.jobs.wakeUpDelays(),
      afterCommit: this.jobs.afterCommit(),
      statesEntered: execution.transitions - this.initialTransitions,
      beganAt: this.beganAt,
    };
  }

  /** Arms the definition's TimeoutSeconds from `fromMs`. */
  private armTimeout(fromMs: number): void {
    const seconds = this.definition.TimeoutSeconds;
    if (seconds === undefined) return;
    const atMs = fromMs + seconds * MS_PER_SECOND;
    this.execution.timeoutAtMs = atMs;
    this.jobs.transition({ kind: 'execution-timeout', executionId: this.execution.id }, atMs);
  }
}
