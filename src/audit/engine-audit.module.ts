import { Global, Module } from '@nestjs/common';
import { BULK_FAILURE_AUDIT } from '../engine/bulk/bulk-failure.audit.js';
import { AuditRepository } from './audit.repository.js';
import { BulkFailureRecorder } from './bulk-failure.recorder.js';

/**
 * The audit rows the engine writes itself, for every role. Global: the engine asks for them by
 * token ({@link BULK_FAILURE_AUDIT}) and so does not depend on the audit module.
 */
@Global()
@Module({
  providers: [AuditRepository, { provide: BULK_FAILURE_AUDIT, useClass: BulkFailureRecorder }],
  exports: [BULK_FAILURE_AUDIT],
})
export class EngineAuditModule {}
