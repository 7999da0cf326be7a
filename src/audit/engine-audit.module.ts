import { Global, Module } from '@nestjs/common';
import { BULK_FAILURE_AUDIT } from '../engine/bulk/bulk-failure.audit.js';
import { STUCK_EXECUTION_AUDIT } from '../engine/sweeper/stuck-execution.reports.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { BulkFailureRecorder } from './bulk-failure.recorder.js';
import { StuckExecutionAuditLog } from './stuck-execution.audit-log.js';

/**
 * The audit rows the engine writes itself, for every role: global, so that the engine reaches
 * them by token ({@link STUCK_EXECUTION_AUDIT}, {@link BULK_FAILURE_AUDIT}) without depending on
 * the audit folder. The writer only, not AuditModule: its audit-log routes belong to API
 * processes, behind their guards.
 */
@Global()
@Module({
  providers: [
    AuditRepository,
    AuditService,
    { provide: STUCK_EXECUTION_AUDIT, useClass: StuckExecutionAuditLog },
    { provide: BULK_FAILURE_AUDIT, useClass: BulkFailureRecorder },
  ],
  exports: [STUCK_EXECUTION_AUDIT, BULK_FAILURE_AUDIT],
})
export class EngineAuditModule {}
