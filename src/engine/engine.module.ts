import { Module } from '@nestjs/common';
import { BulkOperationRunner } from './bulk/bulk-operation.runner.js';
import { BulkOperationWorker } from './bulk/bulk-operation.worker.js';
import { EngineCommandsModule } from './engine-commands.module.js';
import { HistoryRetention } from './retention/history-retention.js';
import { Scheduler } from './schedules/scheduler.js';
import { EngineSweeper } from './sweeper/engine.sweeper.js';
import { HttpTaskWorker } from './tasks/http/http-task.worker.js';
import { QueueModule } from './queue/queue.module.js';
import { HttpTaskRunner } from './tasks/http/http-task.runner.js';
import { TransitionWorker } from './transition/transition.worker.js';

/** The engine of `all` and `worker` processes: queue workers (transitions, HTTP Tasks, bulk operations), the scheduler, the sweeper and history retention (docs/design.md §2, §3; docs/retention.md). */
@Module({
  imports: [QueueModule, EngineCommandsModule],
  providers: [
    TransitionWorker,
    HttpTaskWorker,
    HttpTaskRunner,
    Scheduler,
    EngineSweeper,
    HistoryRetention,
    BulkOperationRunner,
    BulkOperationWorker,
  ],
})
export class EngineModule {}
