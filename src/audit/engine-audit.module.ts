import { Global, Module } from '@nestjs/common';
import { ENGINE_AUDIT } from '../engine/engine-audit.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { EngineAuditLog } from './engine-audit.log.js';

/**
 * The audit rows the engine writes itself, for every role: global, so that the engine reaches
 * them by token ({@link ENGINE_AUDIT}) without depending on the audit folder. The writer only,
 * not AuditModule: its audit-log routes belong to API processes, behind their guards.
 */
@Global()
@Module({
  providers: [AuditRepository, AuditService, { provide: ENGINE_AUDIT, useClass: EngineAuditLog }],
  exports: [ENGINE_AUDIT],
})
export class EngineAuditModule {}
