import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'pg-boss';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../../../common/database-errors.js';
import { parseTraceparent } from '../../../common/tracing/traceparent.js';
import { tracingEnabled } from '../../../common/tracing/tracing.switch.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import { reachCrashPoint } from '../../engine.crash-point.js';
import { AfterCommitJobs } from '../../queue/after-commit.jobs.js';
import { HTTP_TASK_QUEUE, type HttpTaskJob } from '../../queue/engine.queues.js';
import { QueueService } from '../../queue/queue.service.js';
import { EngineShutdownAbort, HttpTaskRunner } from './http-task.runner.js';
import { findTask } from '../task.record.js';
import {
  failingStateOf,
  UNHANDLED_ERROR_REPORTER,
  withFailingState,
  type UnhandledErrorReporter,
} from '../../../common/unhandled-errors.js';
import { TransitionRunner } from '../../transition/transition.runner.js';

/** How often idle HTTP workers look for calls that came due without a NOTIFY, in seconds. */
const HANDOVER_POLL_SECONDS = 1;

/**
 * Works HTTP Tasks: the call runs outside any transaction (a slow endpoint must not hold a lock or
 * a connection), then its result is applied in a transition that checks the attempt is still
 * open; a late result (the execution was stopped, the state timed out) is dropped.
 */
@Injectable()
export class HttpTaskWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(HttpTaskWorker.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    private readonly runner: TransitionRunner,
    private readonly http: HttpTaskRunner,
    private readonly afterCommit: AfterCommitJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UNHANDLED_ERROR_REPORTER) private readonly errors: UnhandledErrorReporter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.workEach(
      HTTP_TASK_QUEUE,
      {
        batchSize: this.config.engine.concurrency,
        // A retried call or one handed over from a dead worker comes due with no NOTIFY; without
        // this, pg-boss looks for it only every 30 s.
        notifyPollingIntervalSeconds: HANDOVER_POLL_SECONDS,
        pollingIntervalSeconds: HANDOVER_POLL_SECONDS,
      },
      (job) => this.handle(job),
    );
    this.afterCommit.handle(HTTP_TASK_QUEUE, (data) => this.call(data));
  }

  async handle(job: Job<HttpTaskJob>): Promise<void> {
    const { executionId } = job.data;
    try {
      await this.call(job.data);
    } catch (error) {
      if (error instanceof EngineShutdownAbort)
        this.logger.log(
          `HTTP task of execution ${executionId} handed back (job ${job.id}): ${error.message}`,
        );
      // Not a fault of the task: the job is retried once the database is back (a stack going down
      // ends the sessions under a job that has just started).
      else if (isDatabaseUnavailable(error))
        this.logger.warn(
          `HTTP task of execution ${executionId} waits for the database (job ${job.id}): ${(error as Error).message}`,
        );
      else
        this.errors.reportError(error, {
          source: 'http_task_job',
          executionId,
          stateName: failingStateOf(error),
        });
      throw error;
    }
  }

  /** Makes the call of an attempt still waiting for it, then applies its result if it still waits. */
  private async call({ executionId, token, traceparent }: HttpTaskJob): Promise<void> {
    const task = await findTask(this.dataSource.manager, token);
    if (!task || task.executionId !== executionId || task.status !== 'SCHEDULED') return;
    const stateSpan = tracingEnabled() ? parseTraceparent(traceparent) : undefined;
    await withFailingState(task.stateName, async () => {
      const ending = await this.http.call(token, task.input, stateSpan);
      if (!ending) return;
      await this.runner.run(
        executionId,
        async (transition) => {
          if (await transition.completeHttpTask(token, ending))
            reachCrashPoint(this.config, 'http-task-before-commit');
        },
        { taskToken: token },
      );
    });
  }
}
