import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EngineAudit, EngineAuditEntry } from '../engine/engine-audit.js';
import { AuditService } from './audit.service.js';

/** The audit log behind the engine's {@link EngineAudit} port: one row per act, in its transaction. */
@Injectable()
export class EngineAuditLog implements EngineAudit {
  constructor(private readonly audit: AuditService) {}

  async record(manager: EntityManager, entry: EngineAuditEntry): Promise<void> {
    await this.audit.record(entry, manager);
  }
}
