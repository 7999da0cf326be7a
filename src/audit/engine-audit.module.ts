import { Global, Module } from '@nestjs/common';
import { STUCK_EXECUTION_AUDIT } from '../engine/sweeper/stuck-execution.reports.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { StuckExecutionAuditLog } from './stuck-execution.audit-log.js';

/**
 * The audit rows of the engine's own acts, for every role: global, so that the engine reaches
 * them through {@link STUCK_EXECUTION_AUDIT} without depending on the audit folder. The writer
 * only, not AuditModule: its audit-log routes belong to API processes, behind their guards.
 */
@Global()
@Module({
  providers: [
    AuditRepository,
    AuditService,
    { provide: STUCK_EXECUTION_AUDIT, useClass: StuckExecutionAuditLog },
  ],
  exports: [STUCK_EXECUTION_AUDIT],
})
export class EngineAuditModule {}
