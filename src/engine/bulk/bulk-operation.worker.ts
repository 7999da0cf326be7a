import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'pg-boss';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { BULK_OPERATION_QUEUE, type BulkOperationJob } from '../queue/engine.queues.js';
import { QueueService } from '../queue/queue.service.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../../common/unhandled-errors.js';
import { BulkOperationRunner } from './bulk-operation.runner.js';

/** A batch handed over from a dead worker comes due with no NOTIFY: look for it this often. */
const HANDOVER_POLL_SECONDS = 1;

/** Consumes the bulk queue in engine processes: one batch at a time per process. */
@Injectable()
export class BulkOperationWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(BulkOperationWorker.name);

  constructor(
    private readonly queue: QueueService,
    private readonly runner: BulkOperationRunner,
    @Inject(UNHANDLED_ERROR_REPORTER) private readonly errors: UnhandledErrorReporter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.workEach(
      BULK_OPERATION_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: HANDOVER_POLL_SECONDS },
      (job) => this.handle(job),
    );
  }

  /** Runs one batch; a throw hands it back to pg-boss for a retry, reported once here. */
  private async handle(job: Job<BulkOperationJob>): Promise<void> {
    try {
      await this.runner.runBatch(job.data);
    } catch (error) {
      if (isDatabaseUnavailable(error))
        this.logger.warn(
          `Bulk operation ${job.data.operationId} waits for the database (job ${job.id}): ${(error as Error).message}`,
        );
      else this.errors.reportError(error, { source: 'bulk_operation_job' });
      throw error;
    }
  }
}
