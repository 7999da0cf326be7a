import { Module } from '@nestjs/common';
import { AuditLogReader } from './audit-log.reader.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

/** The hash-chained audit log: {@link AuditService} to write it, GraphQL and REST to read it. */
@Module({
  providers: [AuditRepository, AuditService, AuditLogReader, AuditResolver],
  controllers: [AuditController],
  exports: [AuditService],
})
export class AuditModule {}
