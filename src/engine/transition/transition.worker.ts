import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'pg-boss';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AfterCommitJobs } from '../queue/after-commit.jobs.js';
import { TRANSITION_QUEUE, type TransitionJob } from '../queue/engine.queues.js';
import { ExecutionStarter } from '../start/execution.starter.js';
import { QueueService, type JobOutcome } from '../queue/queue.service.js';
import {
  failingStateOf,
  UNHANDLED_ERROR_REPORTER,
  type UnhandledErrorReporter,
} from '../../common/unhandled-errors.js';
import type { Transition } from './transition.js';
import { TransitionRunner, type TransitionBatchItem } from './transition.runner.js';

/** How often idle workers look for delayed jobs that came due (timers), in seconds. */
const TIMER_POLL_SECONDS = 0.5;

/**
 * pg-boss workers fetching transition jobs per process (at most ENGINE_CONCURRENCY), each splitting
 * its fetch among its share of the ENGINE_CONCURRENCY transactions. Few, because pg-boss wakes every
 * worker of a queue on each NOTIFY: at a trickle, eight idle workers ran eight fetches for one job
 * and doubled the latency from one Task to the next. More than one, because pg-boss holds a worker
 * until a handler that outlived its jobs' expiry returns: one stuck batch (a lock held elsewhere)
 * must not stop the process from taking other jobs, its own retried ones included.
 */
const FETCHING_WORKERS = 2;

/**
 * Works the transition queue: a few workers fetch jobs by the batch and advance them in up to
 * ENGINE_CONCURRENCY transactions side by side, about ENGINE_BATCH_SIZE jobs and several executions
 * per transaction; each job is settled on its own. A job that finds its run, task or execution moved
 * on does nothing.
 */
@Injectable()
export class TransitionWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(TransitionWorker.name);

  constructor(
    private readonly queue: QueueService,
    private readonly runner: TransitionRunner,
    private readonly starter: ExecutionStarter,
    private readonly afterCommit: AfterCommitJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UNHANDLED_ERROR_REPORTER) private readonly errors: UnhandledErrorReporter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { concurrency, batchSize } = this.config.engine;
    const workers = Math.min(concurrency, FETCHING_WORKERS);
    const transactions = Math.ceil(concurrency / workers);
    await this.queue.workBatches(
      TRANSITION_QUEUE,
      {
        batchSize: batchSize * transactions,
        workers,
        burstWhenBatchFull: true,
        // Timers are delayed jobs, which no NOTIFY announces when they come due: poll often, also
        // while NOTIFY is active (pg-boss then polls only every 30 s by default), or a timer set by
        // another process (an API, a killed engine) fires up to 30 s late (docs/testing.md R1, R12).
        notifyPollingIntervalSeconds: TIMER_POLL_SECONDS,
        pollingIntervalSeconds: TIMER_POLL_SECONDS,
      },
      (jobs) => this.handleFetched(jobs, transactions),
    );
    this.afterCommit.handle(TRANSITION_QUEUE, (job) => this.apply(job));
  }

  /**
   * Splits a fetch into up to `transactions` batches of about ENGINE_BATCH_SIZE jobs, all the jobs of
   * an execution in the same one (so that the batches never wait on each other's locks), and runs
   * them side by side.
   */
  private async handleFetched(
    jobs: readonly Job<TransitionJob>[],
    transactions: number,
  ): Promise<JobOutcome[]> {
    const count = Math.min(transactions, Math.ceil(jobs.length / this.config.engine.batchSize));
    const batches: Job<TransitionJob>[][] = Array.from({ length: count }, () => []);
    const slotOf = new Map<string, number>();
    for (const job of jobs) {
      const { executionId } = job.data;
      const slot = slotOf.get(executionId) ?? slotOf.size % count;
      slotOf.set(executionId, slot);
      batches[slot]?.push(job);
    }
    return (await Promise.all(batches.map((batch) => this.handleBatch(batch)))).flat();
  }

  /**
   * Advances a fetched batch in one transaction, the jobs of one execution in one transition. If
   * that fails (a deadlock, a lost connection, one job that cannot be applied), nothing of it
   * committed: each job then runs again in its own transaction, so one bad job is retried alone and
   * never holds its neighbours back.
   */
  async handleBatch(jobs: readonly Job<TransitionJob>[]): Promise<JobOutcome[]> {
    if (jobs.length > 1) {
      try {
        await this.runner.runBatch(this.batchItems(jobs));
        return jobs.map((job) => ({ id: job.id }));
      } catch (error) {
        this.logger.warn(
          `A batch of ${jobs.length} transition jobs failed, running them one by one: ${(error as Error).message}`,
        );
      }
    }
    return Promise.all(
      jobs.map((job) =>
        this.handle(job).then(
          () => ({ id: job.id }),
          (error: unknown) => ({ id: job.id, error: error as Error }),
        ),
      ),
    );
  }

  /**
   * One transition per execution of the batch, applying its jobs in the order they were fetched,
   * each driven to rest before the next, as separate transactions would have done one after another.
   */
  private batchItems(jobs: readonly Job<TransitionJob>[]): TransitionBatchItem[] {
    const byExecution = new Map<string, TransitionJob[]>();
    for (const { data } of jobs)
      byExecution.set(data.executionId, [...(byExecution.get(data.executionId) ?? []), data]);
    return [...byExecution].map(([executionId, executionJobs]) => ({
      executionId,
      taskTokens: executionJobs.flatMap((job) => ('token' in job ? [job.token] : [])),
      work: (transition: Transition) => transition.applyJobs(executionJobs, this.starter),
    }));
  }

  /**
   * Runs one job in its own transaction; a throw hands it back to pg-boss for a retry with backoff,
   * reported once here (pg-boss only records it on the job).
   */
  async handle(job: Job<TransitionJob>): Promise<void> {
    try {
      await this.apply(job.data);
    } catch (error) {
      const { kind, executionId } = job.data;
      // The database away is its state, not a fault of the job: retried once it is back.
      if (isDatabaseUnavailable(error))
        this.logger.warn(
          `Transition job ${kind} of execution ${executionId} waits for the database (job ${job.id}): ${(error as Error).message}`,
        );
      else
        this.errors.reportError(error, {
          source: 'transition_job',
          executionId,
          stateName: failingStateOf(error),
        });
      throw error;
    }
  }

  /** Applies one job in its own transaction. */
  private async apply(job: TransitionJob): Promise<void> {
    await this.runner.run(job.executionId, (transition) => transition.applyJob(job, this.starter), {
      ...('token' in job ? { taskToken: job.token } : {}),
    });
  }
}
