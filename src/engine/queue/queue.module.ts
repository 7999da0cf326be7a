import { Module } from '@nestjs/common';
import { DatabaseServerModule } from '../../database/database-server.module.js';
import { AfterCommitJobs } from './after-commit.jobs.js';
import { QueueService } from './queue.service.js';

/** pg-boss for every role: the API enqueues, the engine also works the queues. */
@Module({
  imports: [DatabaseServerModule],
  providers: [QueueService, AfterCommitJobs],
  exports: [QueueService, AfterCommitJobs],
})
export class QueueModule {}
