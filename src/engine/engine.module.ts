import { Module } from '@nestjs/common';
import { EngineCommandsModule } from './engine-commands.module.js';
import { EngineSweeper } from './engine.sweeper.js';
import { HttpTaskWorker } from './http-task.worker.js';
import { QueueModule } from './queue.module.js';
import { HttpTaskRunner } from './task-resources/http-task.runner.js';
import { TransitionWorker } from './transition.worker.js';

/** The engine of `all` and `worker` processes: queue workers and the sweeper (docs/design.md §2, §3). */
@Module({
  imports: [QueueModule, EngineCommandsModule],
  providers: [TransitionWorker, HttpTaskWorker, HttpTaskRunner, EngineSweeper],
})
export class EngineModule {}
