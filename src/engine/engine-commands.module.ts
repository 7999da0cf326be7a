import { Module } from '@nestjs/common';
import { BulkOperationCommands } from './bulk/bulk-operation.commands.js';
import { QueueModule } from './queue/queue.module.js';
import { DefinitionCache } from './transition/definition.cache.js';
import { ExpressionBudgetService } from './evaluation/expression-budget.service.js';
import { ScheduleCommands } from './schedules/schedule.commands.js';
import { ScheduleFiring } from './schedules/schedule.firing.js';
import { ExecutionCommands } from './start/execution.commands.js';
import { ExecutionStarter } from './start/execution.starter.js';
import { TransitionNotifier } from './transition/transition.notices.js';
import { TransitionRunner } from './transition/transition.runner.js';

/**
 * The engine's command side, for every role: API processes start, stop and redrive executions
 * and answer tasks through {@link ExecutionCommands}; engine processes run the same transitions
 * from their jobs. Needs the global DataSource, APP_CONFIG, NotificationPublisher and
 * TRANSITION_COUNTER.
 */
@Module({
  imports: [QueueModule],
  providers: [
    DefinitionCache,
    TransitionNotifier,
    ExpressionBudgetService,
    TransitionRunner,
    ExecutionStarter,
    ExecutionCommands,
    ScheduleFiring,
    ScheduleCommands,
    BulkOperationCommands,
  ],
  exports: [
    BulkOperationCommands,
    ExecutionCommands,
    ExecutionStarter,
    TransitionRunner,
    DefinitionCache,
    ScheduleFiring,
    ScheduleCommands,
    ExpressionBudgetService,
  ],
})
export class EngineCommandsModule {}
