import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EngineCommandsModule } from '../engine/engine-commands.module.js';
import { BulkOperationsController } from './bulk-operations.controller.js';
import { BulkOperationsRepository } from './bulk-operations.repository.js';
import { BulkOperationsResolver } from './bulk-operations.resolver.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { ExecutionCountsResolver } from './execution-counts.resolver.js';
import { ExecutionsController } from './executions.controller.js';
import { ExecutionsRepository } from './executions.repository.js';
import { ExecutionsResolver } from './executions.resolver.js';
import { ExecutionsService } from './executions.service.js';
import { WaitingOnController } from './waiting-on.controller.js';
import { WaitingOnReader } from './waiting-on.reader.js';
import { WaitingOnResolver } from './waiting-on.resolver.js';
import { WaitingTasksController } from './waiting-tasks.controller.js';
import { WaitingTasksReader } from './waiting-tasks.reader.js';
import { WaitingTasksResolver } from './waiting-tasks.resolver.js';

/**
 * Executions over GraphQL and REST, one by one and in bulk by filter: commands go to the engine,
 * reads to the read repositories.
 */
@Module({
  imports: [EngineCommandsModule, AuditModule],
  controllers: [ExecutionsController, WaitingTasksController, WaitingOnController, BulkOperationsController],
  providers: [
    ExecutionsRepository,
    ExecutionsService,
    ExecutionsResolver,
    ExecutionCountsResolver,
    WaitingTasksReader,
    WaitingTasksResolver,
    WaitingOnReader,
    WaitingOnResolver,
    BulkOperationsRepository,
    BulkOperationsService,
    BulkOperationsResolver,
  ],
  // Live subscriptions (src/subscriptions) read through the same repository and service.
  exports: [ExecutionsRepository, ExecutionsService, BulkOperationsService],
})
export class ExecutionsModule {}
