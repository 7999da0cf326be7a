import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { BULK_OPERATION_QUEUE } from '../queue/engine.queues.js';
import { QueueService } from '../queue/queue.service.js';
import { BulkOperationRunner } from './bulk-operation.runner.js';

/** A batch handed over from a dead worker comes due with no NOTIFY: look for it this often. */
const HANDOVER_POLL_SECONDS = 1;

/** Consumes the bulk queue in engine processes: one batch at a time per process. */
@Injectable()
export class BulkOperationWorker implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly runner: BulkOperationRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.workEach(
      BULK_OPERATION_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: HANDOVER_POLL_SECONDS },
      (job) => this.runner.runBatch(job.data),
    );
  }
}
