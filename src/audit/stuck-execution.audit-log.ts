import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StuckExecutionAct, StuckExecutionAudit } from '../engine/sweeper/stuck-execution.reports.js';
import { AuditService } from './audit.service.js';

/** The operation of the sweeper's rows: an act of the engine itself, with no one signed in. */
export const STUCK_EXECUTION_OPERATION = 'engine.stuckExecution';

/**
 * The audit row of each stuck execution the engine's sweeper repaired or failed, in the sweep's
 * transaction. Nobody signed in acted (actor `anonymous`, as for the first admin's creation); the
 * details name the sweeper, what it did and why.
 */
@Injectable()
export class StuckExecutionAuditLog implements StuckExecutionAudit {
  constructor(private readonly audit: AuditService) {}

  async record(manager: EntityManager, act: StuckExecutionAct): Promise<void> {
    await this.audit.record(
      {
        actor: undefined,
        operation: STUCK_EXECUTION_OPERATION,
        targetIds: [act.executionId],
        outcome: 'success',
        details: { by: 'engine.sweeper', action: act.action, reason: act.reason },
      },
      manager,
    );
  }
}
