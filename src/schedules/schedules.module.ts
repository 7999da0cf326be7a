import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EngineCommandsModule } from '../engine/engine-commands.module.js';
import { ExecutionsModule } from '../executions/executions.module.js';
import { StateMachinesModule } from '../state-machines/state-machines.module.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesResolver } from './schedules.resolver.js';
import { SchedulesService } from './schedules.service.js';

/**
 * Schedules over GraphQL and REST: definitions written here, fires decided by the engine
 * (trigger and backfill through its ScheduleCommands), fires read here with their executions.
 */
@Module({
  imports: [AuditModule, EngineCommandsModule, ExecutionsModule, StateMachinesModule],
  controllers: [SchedulesController],
  providers: [SchedulesRepository, SchedulesService, SchedulesResolver],
})
export class SchedulesModule {}
