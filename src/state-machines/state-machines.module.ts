import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { DefinitionValidationService } from './definition-validation.service.js';
import { StateMachineVersionEntity } from './state-machine-version.entity.js';
import { StateMachineEntity } from './state-machine.entity.js';
import { StateMachinesController } from './state-machines.controller.js';
import { StateMachinesRepository } from './state-machines.repository.js';
import { StateMachinesResolver } from './state-machines.resolver.js';
import { StateMachinesService } from './state-machines.service.js';

/**
 * State machines over GraphQL and REST. Exports the service: executions start a machine's
 * version through `findVersion`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StateMachineEntity, StateMachineVersionEntity]), AuditModule],
  providers: [
    DefinitionValidationService,
    StateMachinesRepository,
    StateMachinesService,
    StateMachinesResolver,
  ],
  controllers: [StateMachinesController],
  exports: [StateMachinesService],
})
export class StateMachinesModule {}
