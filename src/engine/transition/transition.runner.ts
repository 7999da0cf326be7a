import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_MAX_INLINE_TRANSITIONS } from '../../asl/index.js';
import { StatesArns } from '../../common/states-arns.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { writeRecordedSpan } from '../../common/tracing/recorded-span.js';
import { DefinitionCache } from './definition.cache.js';
import { inTraceContext } from './execution.trace.js';
import { ExpressionBudgetService } from '../evaluation/expression-budget.service.js';
import { AfterCommitJobs } from '../queue/after-commit.jobs.js';
import { HTTP_TASK_QUEUE, TRANSITION_QUEUE } from '../queue/engine.queues.js';
import { lockExecutions, type LockedExecution } from './execution.repository.js';
import { QueueService } from '../queue/queue.service.js';
import { Transition } from './transition.js';
import type { LockedTask } from '../tasks/task.record.js';
import { TransitionJobs } from './transition.jobs.js';
import { TransitionNotifier, type TransitionNotices } from './transition.notices.js';
import { writeTransitions } from './transition.writer.js';

const MS_PER_SECOND = 1000;

/** What {@link TransitionRunner.within} hands back: the work's result and what to publish after commit. */
export interface TransitionCommit<R> {
  readonly result: R;
  readonly notices: readonly TransitionNotices[];
}

/** One transition of a {@link TransitionRunner.runBatch}. */
export interface TransitionBatchItem {
  readonly executionId: string;
  readonly work: (transition: Transition) => Promise<unknown>;
  /** Task attempts the work will look at ({@link Transition.lockTask}): read and locked with the batch. */
  readonly taskTokens: readonly string[];
}

/** A transition of an execution the caller holds locked: see {@link TransitionRunner.advanceLocked}. */
export interface LockedTransition {
  readonly locked: LockedExecution;
  readonly work: (transition: Transition) => Promise<unknown>;
}

/**
 * Runs transitions (docs/design.md §3 rule 2): BEGIN → lock the execution → the work (deliver outcomes,
 * step runs) → write events, runs, tasks, the execution and the follow-up jobs → COMMIT →
 * publish. A failure anywhere rolls all of it back; the job that asked is delivered again.
 */
@Injectable()
export class TransitionRunner {
  private readonly logger = new Logger(TransitionRunner.name);
  private readonly arns: StatesArns;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    private readonly definitions: DefinitionCache,
    private readonly notifier: TransitionNotifier,
    private readonly expressions: ExpressionBudgetService,
    private readonly afterCommit: AfterCommitJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.arns = new StatesArns(config.aws);
  }

  /**
   * One transition of `executionId` in its own transaction, published after commit. Undefined when
   * the execution does not exist (or, with `skipLocked`, is locked by another transaction).
   * `taskToken`: the task attempt the work looks at, locked with the execution in one statement.
   * `beforeCommit` writes last in the same transaction, given the work's result.
   */
  async run<R>(
    executionId: string,
    work: (transition: Transition) => Promise<R>,
    options: {
      readonly skipLocked?: boolean;
      readonly taskToken?: string;
      readonly beforeCommit?: (manager: EntityManager, result: R) => Promise<void>;
    } = {},
  ): Promise<{ result: R } | undefined> {
    const committed = await this.dataSource.transaction(async (manager) => {
      const done = await this.within(manager, executionId, work, options);
      if (done) await options.beforeCommit?.(manager, done.result);
      return done;
    });
    if (!committed) return undefined;
    await this.publish(committed.notices);
    return { result: committed.result };
  }

  /**
   * Transitions of several distinct executions in ONE transaction, for the transition worker: a
   * commit and most round trips are shared by many executions instead of paid by each
   * (docs/performance.md). The executions are locked up front, in id order and in one statement,
   * so two batches never wait on each other in a cycle, and so are the task attempts the items
   * name; each transition then runs exactly as it would alone (its own fence checks, events and
   * `seq`); then all of them are written in one statement and their follow-up jobs inserted in one
   * more. All or nothing: if any of them throws, all of them roll back and the error is thrown, for
   * the caller to run them again one by one. An execution that does not exist is skipped.
   */
  async runBatch(items: readonly TransitionBatchItem[]): Promise<void> {
    const ids = items.map((item) => item.executionId);
    if (new Set(ids).size !== ids.length) throw new Error('A transition batch names an execution twice');
    const notices = await this.dataSource.transaction(async (manager) => {
      const { executions, tasks: lockedTasks } = await lockExecutions(manager, ids, {
        tokens: items.flatMap((item) => item.taskTokens),
      });
      const present = items.flatMap((item) => {
        const lock = executions.get(item.executionId);
        return lock ? [{ locked: lock, work: item.work }] : [];
      });
      return this.advanceLocked(manager, present, lockedTasks);
    });
    await this.publish(notices);
  }

  /**
   * Transitions of distinct executions that the caller's open transaction has locked (or just
   * created): each one worked and driven in turn, then all written in one statement and their
   * follow-up jobs inserted in one more. Returns what to publish after commit, in item order.
   */
  async advanceLocked(
    manager: EntityManager,
    items: readonly LockedTransition[],
    lockedTasks?: ReadonlyMap<string, LockedTask>,
  ): Promise<TransitionNotices[]> {
    const transitions: Transition[] = [];
    for (const item of items) {
      const { execution } = item.locked;
      const prepared = await this.prepare(manager, execution.id, item.work, {
        locked: item.locked,
        ...(lockedTasks ? { lockedTasks } : {}),
      });
      if (prepared) transitions.push(prepared.transition);
    }
    const stopped = await writeTransitions(
      manager,
      transitions.map((transition) => transition.takeWrite()),
    );
    const notices = transitions.flatMap((transition) => [
      ...transition.nestedNotices,
      transition.written(stopped.get(transition.execution.id) ?? []),
    ]);
    await TransitionJobs.flushAll(
      this.queue,
      manager,
      transitions.map((transition) => transition.jobs),
    );
    return notices;
  }

  /** One transition of `executionId` inside the caller's open transaction; the caller publishes after commit. */
  async within<R>(
    manager: EntityManager,
    executionId: string,
    work: (transition: Transition) => Promise<R>,
    options: { readonly skipLocked?: boolean; readonly taskToken?: string } = {},
  ): Promise<TransitionCommit<R> | undefined> {
    const prepared = await this.prepare(manager, executionId, work, options);
    if (!prepared) return undefined;
    const { transition, result } = prepared;
    const notices = await transition.finish();
    return { result, notices: [...transition.nestedNotices, notices] };
  }

  /**
   * Locks the execution (unless the caller holds it: `locked`), does the work and drives what it
   * queued, leaving the writes to the caller. Undefined when the execution does not exist.
   */
  private async prepare<R>(
    manager: EntityManager,
    executionId: string,
    work: (transition: Transition) => Promise<R>,
    options: {
      readonly skipLocked?: boolean;
      readonly taskToken?: string;
      readonly locked?: LockedExecution;
      readonly lockedTasks?: ReadonlyMap<string, LockedTask>;
    },
  ): Promise<{ transition: Transition; result: R } | undefined> {
    let { locked, lockedTasks } = options;
    if (!locked) {
      const found = await lockExecutions(manager, [executionId], {
        ...(options.taskToken === undefined ? {} : { tokens: [options.taskToken] }),
        ...(options.skipLocked ? { skipLocked: true } : {}),
      });
      locked = found.executions.get(executionId);
      lockedTasks = found.tasks;
    }
    if (!locked) return undefined;
    const { execution, nowMs } = locked;
    const loaded = await this.definitions.get(manager, execution.stateMachineId, execution.version);
    if (!loaded) throw new Error(`Execution ${executionId} runs a state machine version that does not exist`);
    const transition = new Transition({
      manager,
      queue: this.queue,
      execution,
      definition: loaded.definition,
      stateMachineName: loaded.stateMachineName,
      arns: this.arns,
      nowMs,
      maxInlineTransitions: DEFAULT_MAX_INLINE_TRANSITIONS,
      maxExecutionTransitions: this.config.engine.maxExecutionTransitions,
      ...(lockedTasks ? { lockedTasks } : {}),
      jobLeaseSeconds: this.config.engine.jobLeaseSeconds,
      // The call, then the transition that applies its result.
      httpJobExpireSeconds:
        Math.ceil(this.config.httpTask.timeoutMs / MS_PER_SECOND) + this.config.engine.jobLeaseSeconds,
      expressions: this.expressions.stepEnv(),
      runsHere: {
        transition: this.afterCommit.runsHere(TRANSITION_QUEUE),
        http: this.afterCommit.runsHere(HTTP_TASK_QUEUE),
      },
    });
    // In the execution's trace context: what the work logs or audits carries its trace id.
    const result = await inTraceContext(transition.spans.context, async () => {
      const done = await work(transition);
      await transition.drive();
      return done;
    });
    return { transition, result };
  }

  /**
   * {@link publish} without waiting for Redis: for a command whose caller answers a client, which
   * need not wait a round trip for notices that nobody orders by (subscribers read Postgres). A
   * failed publish is logged by the notifier; anything else that fails here is logged too.
   */
  publishLater(notices: readonly TransitionNotices[]): void {
    this.publish(notices).catch((error: unknown) =>
      this.logger.error(
        `After-commit work failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /**
   * Publishes the notices of a committed transaction, wakes local workers for its delayed jobs,
   * and starts the work this process carries out itself after the commit.
   */
  async publish(notices: readonly TransitionNotices[]): Promise<void> {
    for (const notice of notices) {
      for (const span of notice.spans ?? []) writeRecordedSpan(span);
      for (const delayMs of notice.wakeUpDelaysMs) this.queue.wakeWorkersAfter(TRANSITION_QUEUE, delayMs);
      this.afterCommit.carryOut(notice.afterCommit);
    }
    await Promise.all(notices.map((notice) => this.notifier.publish(notice)));
  }
}
