/**
 * One transaction's worth of progress on one locked execution: outcomes delivered to its runs,
 * the interpreter's steps, and everything those steps ask for, kept in memory and written back
 * together by {@link Transition.finish}.
 *
 * Runs become ready in a local agenda, first come first served, exactly as the in-memory driver
 * orders them: a Parallel branch that ends inline lets the next one start inline, the last one
 * joins its parent inline. A budget of states entered bounds the transaction (DESIGN §3 rule 4);
 * what is still ready when it runs out continues through jobs.
 */
import type { EntityManager } from 'typeorm';
import {
  step,
  type Json,
  type Outcome,
  type StateMachineDefinition,
  type StepEnv,
  type StepResult,
} from '../asl/index.js';
import type { HistoryEvent } from '../asl/index.js';
import { ENGINE_REGION, executionContext } from './execution.arn.js';
import type { ExecutionRecord } from './execution.repository.js';
import type { ExecutionStatus } from '../common/execution-status.js';
import type { QueueService } from './queue.service.js';
import type { RunRecord } from './run.record.js';
import { RunStore } from './run.store.js';
import { TaskLedger } from './task.ledger.js';
import { lockTaskWithRun, type LockedTask, type TaskRecord } from './task.record.js';
import { resumeChildren } from './transition.children.js';
import { carryOutEffect, dueOutcome } from './transition.effects.js';
import { newTaskToken } from './task-token.js';
import { TransitionJobs } from './transition.jobs.js';
import { writeTransition, type TransitionWrite } from './transition.writer.js';
import type { TransitionNotices } from './transition.notices.js';

/** What a transition works with. */
export interface TransitionContext {
  readonly manager: EntityManager;
  readonly queue: QueueService;
  readonly execution: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly stateMachineName: string;
  /** PostgreSQL's clock when the execution was locked, epoch milliseconds. */
  readonly nowMs: number;
  /** States entered in this transaction before the rest waits for a job. */
  readonly maxInlineTransitions: number;
  readonly maxExecutionTransitions: number;
  /** How long a transition job may run before another worker gets it (ENGINE_JOB_LEASE_SECONDS). */
  readonly jobLeaseSeconds: number;
  /** Task attempts a batch read and locked up front, by token (see {@link Transition.lockTask}). */
  readonly lockedTasks?: ReadonlyMap<string, LockedTask>;
  /** How long an HTTP Task job may run before another worker gets it. */
  readonly httpJobExpireSeconds: number;
}

/** An outcome waiting for a run; `undefined` means "whatever the database says is due". */
interface AgendaEntry {
  readonly runId: string;
  readonly fence: number;
  readonly outcome: Outcome | undefined;
}

/** Outcomes a job can find out again from the database (see transition.effects.ts `dueOutcome`). */
const DERIVABLE: readonly Outcome['kind'][] = [
  'start',
  'continue',
  'timer-fired',
  'children-succeeded',
  'child-failed',
  'redrive',
];

function isDerivable(outcome: Outcome | undefined): boolean {
  return outcome === undefined || DERIVABLE.includes(outcome.kind);
}

export class Transition {
  readonly manager: EntityManager;
  readonly execution: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly stateMachineName: string;
  readonly nowMs: number;
  readonly runs: RunStore;
  readonly tasks = new TaskLedger();
  readonly jobs: TransitionJobs;
  /** Executions to stop because this one was stopped. */
  readonly executionsToStop: string[] = [];
  /** Notices of nested executions' transitions committed with this one. */
  readonly nestedNotices: TransitionNotices[] = [];
  /** Announce the status after commit even if it did not change (a start, a redrive). */
  announceStatus = false;
  private readonly events: HistoryEvent[] = [];
  /** Activities that got a task to lease, as of {@link takeWrite}. */
  private activities: readonly string[] = [];
  private readonly agenda: AgendaEntry[] = [];
  private agendaNext = 0;
  private used = 0;
  private readonly firstSeq: number;
  private readonly initialStatus: ExecutionStatus;

  constructor(private readonly context: TransitionContext) {
    this.manager = context.manager;
    this.execution = context.execution;
    this.definition = context.definition;
    this.stateMachineName = context.stateMachineName;
    this.nowMs = context.nowMs;
    this.runs = new RunStore(context.manager, context.execution.id);
    this.jobs = new TransitionJobs(context.nowMs, {
      transition: context.jobLeaseSeconds,
      http: context.httpJobExpireSeconds,
    });
    this.firstSeq = context.execution.nextEventId;
    this.initialStatus = context.execution.status;
  }

  /** What the interpreter needs for the next step or abort of this execution. */
  env(): StepEnv {
    const execution = this.execution;
    return {
      now: this.nowMs,
      random: Math.random,
      newTaskToken,
      nextEventId: execution.nextEventId,
      context: executionContext({ ...execution, stateMachineName: this.stateMachineName }),
      maxInlineTransitions: Math.max(1, this.context.maxInlineTransitions - this.used),
      executionTransitions: execution.transitions,
      maxExecutionTransitions: this.context.maxExecutionTransitions,
      region: ENGINE_REGION,
    };
  }

  /**
   * Reads and locks a task attempt of this execution, with its run; undefined for another
   * execution's. A batch may have read and locked it already (`lockedTasks`): nothing writes task
   * rows before {@link finish}, so that read is as current as a new one.
   */
  async lockTask(token: string): Promise<TaskRecord | undefined> {
    const found =
      this.context.lockedTasks?.get(token) ?? (await lockTaskWithRun(this.manager, this.execution.id, token));
    if (found?.task.executionId !== this.execution.id) return undefined;
    this.runs.adopt(found.run);
    return found.task;
  }

  /** Queues an outcome for `run` in this transaction (after what is already queued). */
  push(run: RunRecord, outcome?: Outcome): void {
    this.agenda.push({ runId: run.id, fence: run.fence, outcome });
  }

  /** Has a job step `run` at `atMs` (PostgreSQL clock), or as soon as possible. */
  wake(run: RunRecord, atMs: number = this.nowMs): void {
    run.wakeAtMs = Math.max(atMs, this.nowMs);
    this.runs.touch(run);
    this.jobs.transition(
      { kind: 'run', executionId: this.execution.id, runId: run.id, fence: run.fence },
      atMs,
    );
  }

  /** Appends the events of a step or abort and counts its transitions. */
  record(result: Pick<StepResult, 'events' | 'transitions'>): void {
    this.events.push(...result.events);
    this.execution.nextEventId += result.events.length;
    this.execution.transitions += result.transitions;
    this.used += result.transitions;
  }

  /** Steps `run` with `outcome` and carries out what the step asks for. */
  async advance(run: RunRecord, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'redrive') run.redrivePending = false;
    const result = await step(this.definition, run.state, outcome, this.env());
    this.record(result);
    run.state = result.run ?? result.endedRun ?? run.state;
    run.wakeAtMs = null;
    this.runs.touch(run);
    await carryOutEffect(this, run, result);
    if (outcome.kind === 'redrive' && outcome.resume === 'children') await resumeChildren(this, run);
  }

  /**
   * Delivers queued outcomes until none is left, or the budget is spent; then what is still ready
   * waits for a job, which reads what is due from the database. A task's result exists nowhere
   * else, so it is always delivered (one more bounded step). An entry whose run moved on
   * meanwhile (ended, aborted) is dropped.
   */
  async drive(): Promise<void> {
    while (this.agendaNext < this.agenda.length) {
      const entry = this.agenda[this.agendaNext++] as AgendaEntry;
      const run = await this.runs.get(entry.runId);
      if (run.status !== 'RUNNING' || run.fence !== entry.fence || this.execution.status !== 'RUNNING')
        continue;
      if (this.used >= this.context.maxInlineTransitions && isDerivable(entry.outcome)) {
        this.wake(run);
        continue;
      }
      const outcome = entry.outcome ?? (await dueOutcome(this, run));
      if (outcome) await this.advance(run, outcome);
    }
  }

  /** Ends the execution: its root run ended, it timed out or it was stopped. */
  endExecution(
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
    if (execution.parentExecutionId !== null) {
      this.jobs.transition({
        kind: 'child-ended',
        executionId: execution.parentExecutionId,
        childExecutionId: execution.id,
      });
    }
  }

  /** Writes everything back and enqueues the jobs, inside the transaction; returns what to publish after commit. */
  async finish(): Promise<TransitionNotices> {
    const stopped = await writeTransition(this.manager, this.takeWrite());
    const notices = this.written(stopped);
    await this.jobs.flush(this.context.queue, this.manager);
    return notices;
  }

  /**
   * What {@link finish} writes, for a batch that writes several transitions in one statement
   * (then calls {@link written} and inserts their {@link jobs} itself).
   */
  takeWrite(): TransitionWrite {
    this.activities = this.tasks.scheduledActivities();
    return {
      execution: this.execution,
      nowMs: this.nowMs,
      runs: this.runs.pending(),
      tasks: this.tasks.pending(),
      events: this.events,
    };
  }

  /**
   * After the write: stops the nested executions whose waiting attempt it closed (`stopped`) or
   * that a stop left behind; returns what to publish after commit.
   */
  written(stopped: readonly string[]): TransitionNotices {
    for (const executionId of new Set([...stopped, ...this.executionsToStop])) {
      this.jobs.transition({ kind: 'parent-stopped', executionId });
    }
    const execution = this.execution;
    return {
      executionId: execution.id,
      stateMachineId: execution.stateMachineId,
      events:
        this.events.length > 0 ? { fromSeq: this.firstSeq, toSeq: execution.nextEventId - 1 } : undefined,
      status: execution.status !== this.initialStatus || this.announceStatus ? execution.status : undefined,
      activities: this.activities,
      wakeUpDelaysMs: this.jobs.wakeUpDelays(),
    };
  }
}
