/**
 * One transaction's worth of progress on one locked execution: outcomes delivered to its runs,
 * the interpreter's steps, and everything those steps ask for, kept in memory and written back
 * together by {@link Transition.finish}.
 *
 * Runs become ready in a local agenda, first come first served, exactly as the in-memory driver
 * orders them: a Parallel branch that ends inline lets the next one start inline, the last one
 * joins its parent inline. A budget of states entered bounds the transaction (docs/design.md §3
 * rule 4); what is still ready when it runs out continues through jobs.
 *
 * Read top to bottom: what asks for a transition (a new execution, a job, a command), the drive
 * that steps runs and carries out each step's effect, the work of each job, then the write-back.
 * The execution row and its history ({@link ExecutionProgress}), run trees ({@link FanOut}) and
 * task attempts ({@link TaskAttempts}) keep their own books and hand back what the Transition
 * does next.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { StatesArns } from '../../common/states-arns.js';
import {
  abortRun,
  step,
  type AbortReason,
  type Effect,
  type Outcome,
  type RunState,
  type StateMachineDefinition,
  type StepResult,
} from '../../asl/index.js';
import type { TransitionJob } from '../queue/engine.queues.js';
import type { QueueService } from '../queue/queue.service.js';
import type { ExecutionStarter } from '../start/execution.starter.js';
import { runBuiltin } from '../tasks/builtin-task.js';
import { nestedExecutionEnding, startNestedExecution } from '../tasks/nested-execution.start.js';
import { TaskAttempts, waitsFor, type TaskEnding, type TaskResultSource } from '../tasks/task.attempts.js';
import type { LeasedActivityTask } from '../tasks/task.answers.js';
import { TaskLedger } from '../tasks/task.ledger.js';
import {
  findTaskAwaitingChild,
  lockTaskWithRun,
  type LockedTask,
  type TaskRecord,
} from '../tasks/task.record.js';
import { runningChildren, type ExecutionRecord } from './execution.repository.js';
import { ExecutionProgress, type ExecutionLimits } from './execution.progress.js';
import { ExecutionSpans } from './execution.spans.js';
import { FanOut, type AbortedRun, type ReadyRun } from './run.fan-out.js';
import { newRun, type RunRecord } from './run.record.js';
import { RunStore } from './run.store.js';
import { TransitionJobs, type RunsHere } from './transition.jobs.js';
import type { TransitionNotices } from './transition.notices.js';
import { writeTransition, type TransitionWrite } from './transition.writer.js';
import { withFailingState } from '../../common/unhandled-errors.js';

/** What a transition works with. */
export interface TransitionContext extends ExecutionLimits {
  readonly manager: EntityManager;
  readonly queue: QueueService;
  readonly execution: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly stateMachineName: string;
  /** The ARNs of AWS_REGION and AWS_ACCOUNT_ID, for `$$`, history and nested execution results. */
  readonly arns: StatesArns;
  /** PostgreSQL's clock when the execution was locked, epoch milliseconds. */
  readonly nowMs: number;
  /** How long a transition job may run before another worker gets it (ENGINE_JOB_LEASE_SECONDS). */
  readonly jobLeaseSeconds: number;
  /** Task attempts a batch read and locked up front, by token (see {@link Transition.lockTask}). */
  readonly lockedTasks?: ReadonlyMap<string, LockedTask>;
  /** How long an HTTP Task job may run before another worker gets it. */
  readonly httpJobExpireSeconds: number;
  /** Queues whose work this process carries out itself once the transaction commits. */
  readonly runsHere?: RunsHere;
}

/** An outcome waiting for a run; `undefined` means "whatever the database says is due". */
interface AgendaEntry {
  readonly runId: string;
  readonly fence: number;
  readonly outcome: Outcome | undefined;
}

/** Outcomes a job can find out again from the database (see {@link Transition.dueOutcome}). */
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

type RunEnd = Extract<Effect, { kind: 'run-succeeded' | 'run-failed' }>;

/** Why an execution stops when the one that started it no longer waits for it. */
const PARENT_STOPPED_CAUSE = 'The execution that started this one was stopped or stopped waiting for it.';

export class Transition {
  readonly execution: ExecutionRecord;
  /** The jobs it enqueues, inserted with its writes. */
  readonly jobs: TransitionJobs;
  /** Notices of nested executions' transitions committed with this one. */
  readonly nestedNotices: TransitionNotices[] = [];
  private readonly manager: EntityManager;
  private readonly definition: StateMachineDefinition;
  private readonly nowMs: number;
  private readonly arns: StatesArns;
  /** The execution row, its history events and the budget of this transaction. */
  private readonly progress: ExecutionProgress;
  private readonly runs: RunStore;
  private readonly fanOut: FanOut;
  private readonly tasks = new TaskLedger();
  private readonly attempts: TaskAttempts;
  /** The spans of what this transaction does, when the execution's trace is recorded. */
  readonly spans: ExecutionSpans;
  /** Executions to stop because this one was stopped. */
  private readonly executionsToStop: string[] = [];
  /** Activities that got a task to lease, as of {@link takeWrite}. */
  private activities: readonly string[] = [];
  private readonly agenda: AgendaEntry[] = [];
  private agendaNext = 0;

  constructor(private readonly context: TransitionContext) {
    this.manager = context.manager;
    this.execution = context.execution;
    this.definition = context.definition;
    this.nowMs = context.nowMs;
    this.arns = context.arns;
    this.runs = new RunStore(context.manager, context.execution);
    this.fanOut = new FanOut(this.runs);
    this.jobs = new TransitionJobs(
      context.nowMs,
      { transition: context.jobLeaseSeconds, http: context.httpJobExpireSeconds },
      context.runsHere,
    );
    this.progress = new ExecutionProgress(
      context.execution,
      context.definition,
      context.stateMachineName,
      context.nowMs,
      context,
      this.jobs,
      context.arns,
    );
    this.attempts = new TaskAttempts(this.tasks, this.jobs, context.execution.id, context.nowMs);
    this.spans = new ExecutionSpans(context.execution, context.definition, context.stateMachineName);
  }

  // What asks for a transition: a new execution, a job, a command.

  /** The first step of a new execution: its root run, started, and the definition's TimeoutSeconds armed. */
  begin(root: RunState): void {
    const run = newRun({ id: randomUUID(), state: root, status: 'RUNNING' });
    this.runs.create(run);
    this.push(run, { kind: 'start' });
    this.progress.started();
  }

  /** Applies a job of the transition queue; a job that finds its run, task or execution moved on does nothing. */
  async applyJob(job: TransitionJob, starter: ExecutionStarter): Promise<void> {
    switch (job.kind) {
      case 'run':
        return this.resumeRun(job.runId, job.fence);
      case 'task':
        return this.runTask(job.token, starter);
      case 'task-deadline':
        return this.taskDeadline(job.token);
      case 'execution-timeout':
        return this.timeOut();
      case 'child-ended':
        return this.childExecutionEnded(job.childExecutionId);
      case 'parent-stopped':
        await this.stop({ cause: PARENT_STOPPED_CAUSE });
        return;
    }
  }

  /**
   * Applies jobs of one execution in the order they were fetched, each driven to rest before the
   * next, as separate transactions would have done one after another.
   */
  async applyJobs(jobs: readonly TransitionJob[], starter: ExecutionStarter): Promise<void> {
    for (const job of jobs) {
      await this.applyJob(job, starter);
      await this.drive();
    }
  }

  /**
   * Stops a running execution: aborts every open run, deepest first, cancels their tasks and
   * timers (by status and fence), and stops the executions it started. False when it is not running.
   */
  async stop(reason: { readonly error?: string; readonly cause?: string }): Promise<boolean> {
    if (!this.progress.running) return false;
    await this.abortRoot({ kind: 'aborted', ...reason });
    this.progress.end('ABORTED', reason);
    this.executionsToStop.push(...(await runningChildren(this.manager, this.execution.id)));
    return true;
  }

  /**
   * Fails a running execution from outside, as a stop does (every open run aborted, its tasks and
   * timers cancelled, the executions it started stopped) but recorded as ExecutionFailed: for an
   * execution the engine finds broken (the sweeper). False when it is not running.
   */
  async fail(reason: { readonly error: string; readonly cause: string }): Promise<boolean> {
    if (!this.progress.running) return false;
    const abort: AbortReason = { kind: 'failed', ...reason };
    const root = await this.runs.root();
    if (root.status === 'RUNNING') this.recordAborts(await this.fanOut.abortTree(root, abort));
    // A root that ended without ending its execution: the history still gets the execution's end.
    else
      this.progress.append(
        abortRun(this.definition, { ...root.state, waiting: null }, abort, this.progress.env()),
      );
    this.progress.end('FAILED', reason);
    this.executionsToStop.push(...(await runningChildren(this.manager, this.execution.id)));
    return true;
  }

  /**
   * Redrives a failed, timed-out or aborted execution: the root run resumes in the state it ended
   * in; a Parallel or Map state there redrives its unsuccessful branches or iterations and keeps the
   * successful ones. False when the execution cannot be redriven.
   */
  async redrive(): Promise<boolean> {
    if (!this.progress.redriven()) return false;
    const root = await this.runs.root();
    root.status = 'RUNNING';
    root.error = null;
    root.cause = null;
    root.redrivePending = root.state.waiting !== null;
    this.runs.touch(root);
    this.push(root);
    return true;
  }

  /**
   * Pauses a running execution: from now on its runs hold before their next step (see
   * {@link drive}). Already paused: nothing changes. False when it is not running.
   */
  pause(by: string): boolean {
    if (!this.progress.running) return false;
    if (this.execution.pausedAtMs !== null) return true;
    this.execution.pausedAtMs = this.nowMs;
    this.execution.pausedBy = by;
    return true;
  }

  /**
   * Resumes a paused execution where it was: every run held meanwhile (a result waiting on it, a
   * wake-up that came while paused) and every run with a timer is stepped again, so a pending
   * result is applied, a due timer fires now and a future one is armed again. Not paused:
   * nothing changes. False when it is not running.
   */
  async resume(): Promise<boolean> {
    if (!this.progress.running) return false;
    if (this.execution.pausedAtMs === null) return true;
    this.execution.pausedAtMs = null;
    this.execution.pausedBy = null;
    for (const run of await this.runs.held()) this.push(run);
    return true;
  }

  /** Applies an answer sent with a task token; false when the attempt is no longer open. */
  async answerTask(token: string, ending: TaskEnding): Promise<boolean> {
    const task = await this.lockTask(token);
    if (!task || !this.attempts.isOpen(task)) return false;
    return this.completeTask(task, ending, 'answer');
  }

  /**
   * Leases a scheduled activity task to a worker: the attempt starts, its heartbeat clock starts,
   * and its run records ActivityStarted. Undefined when another worker took it first.
   */
  async leaseActivityTask(
    token: string,
    workerName: string | undefined,
  ): Promise<LeasedActivityTask | undefined> {
    const task = await this.lockTask(token);
    if (!task || task.status !== 'SCHEDULED') return undefined;
    const run = await this.runs.get(task.runId);
    if (!waitsFor(run, token)) return undefined;
    this.push(run, this.attempts.lease(task, workerName));
    const traceparent = this.spans.taskTraceparent(run);
    return {
      taskToken: token,
      input: task.input,
      heartbeatSeconds: task.heartbeatSeconds,
      ...(traceparent ? { traceparent } : {}),
    };
  }

  /**
   * Applies the result of an HTTP call. False, and nothing done, when its attempt no longer waits
   * for the call (a duplicate job, a stopped execution, a timeout).
   */
  async completeHttpTask(token: string, ending: TaskEnding): Promise<boolean> {
    const task = await this.lockTask(token);
    if (task?.status !== 'SCHEDULED' || !this.attempts.isOpen(task)) return false;
    await this.completeTask(task, ending, 'resource');
    return true;
  }

  // The drive: deliver queued outcomes, step runs, carry out what each step asks for.

  /**
   * Delivers queued outcomes until none is left, or the budget is spent; then what is still ready
   * waits for a job, which reads what is due from the database. A task's result exists nowhere
   * else, so it is always delivered (one more bounded step). An entry whose run moved on
   * meanwhile (ended, aborted) is dropped. A paused execution's runs do not step: each entry is
   * held for the resume ({@link hold}), except an activity's start, which records that a worker
   * took the attempt and enters no state.
   */
  async drive(): Promise<void> {
    while (this.agendaNext < this.agenda.length) {
      const entry = this.agenda[this.agendaNext++] as AgendaEntry;
      const run = await this.runs.get(entry.runId);
      if (run.status !== 'RUNNING' || run.fence !== entry.fence || !this.progress.running) continue;
      if (this.execution.pausedAtMs !== null && entry.outcome?.kind !== 'task-started') {
        this.hold(run, entry.outcome);
        continue;
      }
      if (this.progress.budgetSpent && isDerivable(entry.outcome)) {
        this.wake(run);
        continue;
      }
      const outcome = entry.outcome ?? (await this.dueOutcome(run));
      // What throws while stepping names its state in the report of the job that fails with it.
      if (outcome) await withFailingState(run.state.stateName, () => this.advance(run, outcome));
    }
  }

  /**
   * Keeps what a paused execution's run is due until the resume: a task's result (it exists
   * nowhere else) on the run, anything else (the database knows it again) as a wake-up that no
   * job carries; the resume steps every such run. No job is enqueued while paused.
   */
  private hold(run: RunRecord, outcome: Outcome | undefined): void {
    if (!isDerivable(outcome)) run.pendingOutcome = outcome as Outcome;
    else if (run.wakeAtMs === null) run.wakeAtMs = this.nowMs;
    else return;
    this.runs.touch(run);
  }

  /** Steps `run` with `outcome` and carries out what the step asks for. */
  private async advance(run: RunRecord, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'redrive') run.redrivePending = false;
    const before = run.state;
    const result = await step(this.definition, run.state, outcome, this.progress.env());
    this.progress.append(result);
    if (this.spans.recording) {
      const parent = run.parentRunId === null ? undefined : await this.runs.get(run.parentRunId);
      const effect = result.effect;
      const end = effect.kind === 'run-succeeded' || effect.kind === 'run-failed' ? effect : undefined;
      this.spans.stepped(before, result.events, end, this.spans.parentSpan(parent));
    }
    run.state = result.run ?? result.endedRun ?? run.state;
    run.wakeAtMs = null;
    this.runs.touch(run);
    await this.carryOut(run, result);
    if (outcome.kind === 'redrive' && outcome.resume === 'children')
      this.pushAll(await this.fanOut.resume(run));
  }

  /** Carries out the effect of the step that just advanced `run`. */
  private async carryOut(run: RunRecord, result: StepResult): Promise<void> {
    const effect = result.effect;
    switch (effect.kind) {
      case 'run-task': {
        const task = this.attempts.schedule(run, effect.task, result.events);
        if (this.runsInline(task)) await this.runBuiltinTask(task);
        else this.attempts.enqueueWork(task, this.spans.taskTraceparent(run));
        return;
      }
      case 'start-timer':
        // A timer already due (Wait 0) fires in this transaction, after what is already queued.
        if (effect.dueAt <= this.nowMs) this.push(run, { kind: 'timer-fired' });
        else this.wake(run, effect.dueAt);
        return;
      case 'fork':
        this.pushAll(this.fanOut.fork(run, effect.children, effect.maxConcurrency));
        return;
      case 'continue':
        this.wake(run);
        return;
      case 'none':
        return;
      case 'run-succeeded':
      case 'run-failed':
        await this.runEnded(run, effect);
        return;
    }
  }

  /**
   * Whether a new attempt runs in this transaction, like a Pass state: a builtin (pure and quick,
   * in this process) that is due now, while the budget lasts. Any other attempt, a `builtin:sleep`
   * still sleeping, or one past the budget waits for its job.
   */
  private runsInline(task: TaskRecord): boolean {
    return task.kind === 'builtin' && task.dueAtMs <= this.nowMs && !this.progress.budgetSpent;
  }

  /** A run ended: a child counts on its parent, the root ends the execution. */
  private async runEnded(run: RunRecord, effect: RunEnd): Promise<void> {
    if (effect.kind === 'run-succeeded') {
      run.status = 'SUCCEEDED';
      run.output = effect.output;
    } else {
      run.status = 'FAILED';
      run.error = effect.error ?? null;
      run.cause = effect.cause ?? null;
    }
    this.runs.touch(run);
    if (run.parentRunId !== null) {
      const { aborted, ready } = await this.fanOut.childEnded(run);
      this.recordAborts(aborted);
      this.pushAll(ready);
      return;
    }
    if (effect.kind === 'run-succeeded') this.progress.end('SUCCEEDED', { output: effect.output });
    else this.progress.end('FAILED', { error: effect.error, cause: effect.cause });
  }

  /**
   * The outcome a running run is due, read from the database: its start, a continue after the
   * inline cap, a timer that has fired (re-armed if the job came early), its join, or its redrive.
   * Nothing when it waits for a task or for children still running.
   */
  private async dueOutcome(run: RunRecord): Promise<Outcome | undefined> {
    const waiting = run.state.waiting;
    if (run.pendingOutcome !== null) {
      const pending = run.pendingOutcome;
      run.pendingOutcome = null;
      return pending;
    }
    if (run.redrivePending) {
      const resume = waiting?.kind === 'children' && run.currentFork > 0 ? 'children' : 'state';
      return { kind: 'redrive', resume };
    }
    if (waiting === null) return { kind: 'start' };
    switch (waiting.kind) {
      case 'continue':
        return { kind: 'continue' };
      case 'timer':
        if (waiting.dueAt <= this.nowMs) return { kind: 'timer-fired' };
        this.wake(run, waiting.dueAt);
        return undefined;
      case 'children':
      case 'task': {
        const outcome = waiting.kind === 'children' ? await this.fanOut.join(run) : undefined;
        // A wake-up that finds nothing due: forget it, or the sweeper would keep re-sending it.
        if (!outcome && run.wakeAtMs !== null) {
          run.wakeAtMs = null;
          this.runs.touch(run);
        }
        return outcome;
      }
    }
  }

  // The work of each job.

  /** A `run` job: queues whatever the run is due, unless the job is stale (the run moved on since). */
  private async resumeRun(runId: string, fence: number): Promise<void> {
    const run = await this.runs.get(runId);
    if (run.status === 'RUNNING' && run.fence === fence) this.push(run);
  }

  /**
   * A builtin attempt that did not run inline (it slept, or the budget was spent) or a nested
   * start; re-armed if it came early.
   */
  private async runTask(token: string, starter: ExecutionStarter): Promise<void> {
    const task = await this.lockTask(token);
    if (!task || task.status !== 'SCHEDULED') return;
    if (!this.attempts.isOpen(task)) return;
    if (task.dueAtMs > this.nowMs) {
      this.jobs.transition({ kind: 'task', executionId: task.executionId, token }, task.dueAtMs);
      return;
    }
    if (task.kind === 'start-execution') await this.startNested(task, starter);
    else await this.runBuiltinTask(task);
  }

  /** Runs a builtin attempt (it is pure and quick) and applies its result. */
  private async runBuiltinTask(task: TaskRecord): Promise<void> {
    const ending = await runBuiltin(this.manager, task, () => this.tasks.createdBefore(task));
    await this.completeTask(task, ending, 'resource');
  }

  /** Starts the child of a startExecution attempt; the attempt ends at once or waits for the child's end. */
  private async startNested(task: TaskRecord, starter: ExecutionStarter): Promise<void> {
    const started = await startNestedExecution(this.manager, starter, this.arns, this.execution.id, task);
    this.nestedNotices.push(...started.notices);
    if (started.kind === 'ended') {
      await this.completeTask(task, started.ending, 'resource');
      return;
    }
    this.attempts.waitForChild(task.token, started.childExecutionId);
    // An existing child may have ended already: its end job went to its own parent, if any.
    if (!started.created) {
      this.jobs.transition({
        kind: 'child-ended',
        executionId: this.execution.id,
        childExecutionId: started.childExecutionId,
      });
    }
  }

  /**
   * A deadline job: fails the attempt with `States.Timeout` or `States.HeartbeatTimeout` if one of
   * its deadlines has passed, or re-arms for the next one.
   */
  private async taskDeadline(token: string): Promise<void> {
    const task = await this.lockTask(token);
    if (!task || !this.attempts.isOpen(task)) return;
    const timedOut = this.attempts.passedDeadline(task);
    if (timedOut) await this.completeTask(task, timedOut, 'deadline');
  }

  /** A child ended: applies its result to the `.sync` task of this execution that waits for it, if any. */
  private async childExecutionEnded(childExecutionId: string): Promise<void> {
    const task = await findTaskAwaitingChild(this.manager, this.execution.id, childExecutionId);
    if (!task || !this.attempts.isOpen(task)) return;
    const ending = await nestedExecutionEnding(this.manager, this.arns, childExecutionId, task.pattern);
    if (ending) await this.completeTask(task, ending, 'child');
  }

  /** An execution-timeout job: ends the execution TIMED_OUT if its deadline passed, else re-arms. */
  private async timeOut(): Promise<void> {
    if (!this.progress.timedOut()) return;
    const error = 'States.Timeout';
    await this.abortRoot({ kind: 'timed-out', error });
    this.progress.end('TIMED_OUT', { error });
  }

  /**
   * Applies a result to an open attempt and queues what it means for the run that waits for it.
   * False when the run no longer waits for this attempt (it is then closed).
   */
  private async completeTask(
    task: TaskRecord,
    ending: TaskEnding,
    source: TaskResultSource,
  ): Promise<boolean> {
    const run = await this.runs.get(task.runId);
    const result = this.attempts.takeResult(run, task, ending, source);
    if (result.taken && result.outcome) this.push(run, result.outcome);
    return result.taken;
  }

  // Aborts.

  private async abortRoot(reason: AbortReason): Promise<void> {
    const root = await this.runs.root();
    if (root.status === 'RUNNING') this.recordAborts(await this.fanOut.abortTree(root, reason));
  }

  /**
   * Records the abort of each run an abort stopped, in order, where it had entered a state (its
   * state's abort, and MapIterationAborted, or ExecutionAborted / ExecutionTimedOut for the root),
   * and cancels its open task, so a late result for it is refused.
   */
  private recordAborts(aborted: readonly AbortedRun[]): void {
    for (const { run, reason } of aborted) {
      // A result held by a pause belongs to the state just aborted: a redrive starts that state anew.
      if (run.pendingOutcome !== null) {
        run.pendingOutcome = null;
        this.runs.touch(run);
      }
      const waiting = run.state.waiting;
      if (waiting !== null) {
        const aborted = abortRun(this.definition, run.state, reason, this.progress.env());
        this.progress.append(aborted);
        if (this.spans.recording) {
          const parent = run.parentRunId === null ? undefined : this.runs.known(run.parentRunId);
          this.spans.stepped(run.state, aborted.events, undefined, this.spans.parentSpan(parent));
        }
      }
      if (waiting?.kind === 'task') this.attempts.cancel(waiting.token);
    }
  }

  // The parts every step uses.

  /**
   * Reads and locks a task attempt of this execution, with its run; undefined for another
   * execution's. A batch may have read and locked it already (`lockedTasks`): nothing writes task
   * rows before {@link finish}, so that read is as current as a new one.
   */
  private async lockTask(token: string): Promise<TaskRecord | undefined> {
    const found =
      this.context.lockedTasks?.get(token) ?? (await lockTaskWithRun(this.manager, this.execution.id, token));
    if (found?.task.executionId !== this.execution.id) return undefined;
    this.runs.adopt(found.run);
    return found.task;
  }

  /** Queues an outcome for `run` in this transaction (after what is already queued). */
  private push(run: RunRecord, outcome?: Outcome): void {
    this.agenda.push({ runId: run.id, fence: run.fence, outcome });
  }

  private pushAll(ready: readonly ReadyRun[]): void {
    for (const { run, outcome } of ready) this.push(run, outcome);
  }

  /** Has a job step `run` at `atMs` (PostgreSQL clock), or as soon as possible. */
  private wake(run: RunRecord, atMs: number = this.nowMs): void {
    run.wakeAtMs = Math.max(atMs, this.nowMs);
    this.runs.touch(run);
    this.jobs.transition(
      { kind: 'run', executionId: this.execution.id, runId: run.id, fence: run.fence },
      atMs,
    );
  }

  // The write-back.

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
      events: this.progress.events,
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
    return { ...this.progress.notices(this.activities), spans: this.spans.take() };
  }
}
