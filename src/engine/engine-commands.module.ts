import { Module } from '@nestjs/common';
import { QueueModule } from './queue.module.js';
import { DefinitionCache } from './definition.cache.js';
import { ExecutionCommands } from './execution.commands.js';
import { ExecutionStarter } from './execution.starter.js';
import { TransitionNotifier } from './transition.notices.js';
import { TransitionRunner } from './transition.runner.js';

/**
 * The engine's command side, for every role: API processes start, stop and redrive executions
 * and answer tasks through {@link ExecutionCommands}; engine processes run the same transitions
 * from their jobs. Needs the global DataSource, APP_CONFIG, NotificationPublisher and
 * TRANSITION_COUNTER.
 */
@Module({
  imports: [QueueModule],
  providers: [DefinitionCache, TransitionNotifier, TransitionRunner, ExecutionStarter, ExecutionCommands],
  exports: [ExecutionCommands, ExecutionStarter, TransitionRunner, DefinitionCache],
})
export class EngineCommandsModule {}
