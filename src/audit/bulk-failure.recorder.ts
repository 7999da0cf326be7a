import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BulkFailureAudit, BulkItemFailure } from '../engine/bulk/bulk-failure.audit.js';
import { AuditRepository } from './audit.repository.js';

/**
 * The audit row of an execution a bulk operation failed to act on, in the requester's name, in
 * the transaction that marks its item FAILED (the operation's own row was written when it was
 * requested).
 */
@Injectable()
export class BulkFailureRecorder implements BulkFailureAudit {
  constructor(private readonly repository: AuditRepository) {}

  async record(manager: EntityManager, failure: BulkItemFailure): Promise<void> {
    await this.repository.append(manager, {
      actor: failure.actor ?? undefined,
      operation: failure.kind === 'STOP' ? 'bulkOperation.stop' : 'bulkOperation.redrive',
      targetIds: [failure.operationId, failure.executionId],
      outcome: 'failed',
      errorCode: failure.errorCode,
      details: { message: failure.message },
    });
  }
}
