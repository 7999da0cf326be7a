import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/identifiers.js';
import { BulkOperationCommands } from '../engine/bulk/bulk-operation.commands.js';
import { ACTIONABLE_STATUSES } from '../engine/bulk/bulk-operation.record.js';
import { BulkOperationsRepository } from './bulk-operations.repository.js';
import type { ExecutionsFilter } from './dto/executions.args.js';
import { executionFilterOf } from './execution-filter.js';
import { executionFilterSql, type WhereClause } from './execution-filter.sql.js';
import {
  BulkOperationStatus,
  type BulkOperation,
  type BulkOperationKind,
} from './models/bulk-operation.model.js';

/** A bulk stop or redrive as a transport passes it on. */
export interface BulkRequest {
  readonly filter: ExecutionsFilter;
  readonly error?: string | null;
  readonly cause?: string | null;
  readonly dryRun?: boolean | null;
}

/** The executions an operation of `kind` acts on: those `filter` matches that the kind can act on. */
function matchOf(kind: BulkOperationKind, filter: ExecutionsFilter): WhereClause {
  return executionFilterSql(executionFilterOf(filter)).add(
    (statuses) => `e.status = ANY(${statuses}::text[])`,
    ACTIONABLE_STATUSES[kind],
  );
}

/**
 * Bulk stops and redrives for both transports: a dry run counts and samples; a real run is stored
 * with its snapshot and first batch by the engine's command, and run by engine workers.
 */
@Injectable()
export class BulkOperationsService {
  constructor(
    private readonly repository: BulkOperationsRepository,
    private readonly commands: BulkOperationCommands,
    private readonly audit: AuditService,
  ) {}

  /** Stops every RUNNING execution the filter matches (or previews it); `act` is recorded with it. */
  stop(request: BulkRequest, act?: AuditedAct): Promise<BulkOperation> {
    return this.run('STOP', request, act);
  }

  /** Redrives every FAILED, TIMED_OUT or ABORTED execution the filter matches (or previews it). */
  redrive(request: BulkRequest, act?: AuditedAct): Promise<BulkOperation> {
    return this.run('REDRIVE', { filter: request.filter, dryRun: request.dryRun }, act);
  }

  /** The stored operation; NOT_FOUND if there is none with this id. */
  async get(id: string): Promise<BulkOperation> {
    const operation = isUuid(id) ? await this.repository.findById(id) : null;
    if (!operation) throw AppError.notFound(`Bulk operation ${id} not found`);
    return operation;
  }

  private async run(kind: BulkOperationKind, request: BulkRequest, act?: AuditedAct): Promise<BulkOperation> {
    const match = matchOf(kind, request.filter);
    const error = request.error ?? undefined;
    const cause = request.cause ?? undefined;
    if (request.dryRun) {
      const { total, sample } = await this.repository.preview(match);
      const now = new Date().toISOString();
      return {
        id: null,
        kind,
        status: BulkOperationStatus.DRY_RUN,
        total,
        done: 0,
        failed: 0,
        sample,
        error: error ?? null,
        cause: cause ?? null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      };
    }
    const actor = act?.draft.actor;
    const id = await this.commands.create({
      kind,
      match: { where: match.toString(), params: match.params },
      filter: { ...request.filter },
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
      actor: actor ? { kind: actor.kind, id: actor.id } : null,
      beforeCommit: (manager, operationId) => this.audit.recordAct(manager, act, [operationId]),
    });
    return this.get(id);
  }
}
