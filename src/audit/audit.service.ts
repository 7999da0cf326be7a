import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { reachCrashPoint } from '../engine/engine.crash-point.js';
import type { AuditEntry, AuditOutcome, AuditRecord } from './audit.entry.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';
import { auditEntryOf, type AuditedAct } from './audited-act.js';

/** Writes and reads the audit log. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Appends a row inside the caller's transaction (`manager`), so that the act and its record
   * commit or roll back together; without one, in a short transaction of its own.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<AuditRecord> {
    if (manager?.queryRunner?.isTransactionActive) return this.repository.append(manager, entry);
    return this.dataSource.transaction((own) => this.repository.append(own, entry));
  }

  /**
   * Records the success of `act` inside the transaction that performs it, as its last write: the
   * chain's lock is then held only until that commit. `targetIds` are the ids the act changed or
   * created. No act (a call from inside the process, not from a client): nothing to record.
   */
  async recordAct(
    manager: EntityManager,
    act: AuditedAct | undefined,
    targetIds: readonly string[] = [],
  ): Promise<void> {
    if (!act) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`The audit row of ${act.draft.operation} must be written in the act's transaction`);
    }
    reachCrashPoint(this.config, 'audited-act-before-record');
    act.written = await this.repository.append(manager, auditEntryOf(act.draft, 'success', { targetIds }));
  }

  /**
   * Once a request has its outcome, before the client has it: writes the row of an act that did
   * not record itself (denied, failed, or not recorded by its service), and none for one that did
   * and committed. `resultTargetIds` are ids found in the answer.
   */
  async settle(
    act: AuditedAct,
    outcome: AuditOutcome,
    more: { readonly errorCode?: string; readonly resultTargetIds?: readonly string[] } = {},
  ): Promise<void> {
    if (outcome === 'success') reachCrashPoint(this.config, 'audited-act-before-answer');
    if (act.written && (outcome === 'success' || (await this.isStored(act.written)))) return;
    await this.recordAfter(
      auditEntryOf(act.draft, outcome, {
        ...(more.resultTargetIds === undefined ? {} : { targetIds: more.resultTargetIds }),
        ...(more.errorCode === undefined ? {} : { errorCode: more.errorCode }),
      }),
    );
  }

  /**
   * Records an act that already happened (the transports' rows after a mutation or a denial).
   * A failure is logged, never thrown: the caller's response must not change because of it.
   */
  async recordAfter(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (error) {
      this.logger.error(
        `Could not write the audit row of ${entry.operation} (${entry.outcome}, request ${entry.origin?.requestId ?? 'unknown'})`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  page(query: { filter: AuditFilter; limit: number; beforeSeq?: number }) {
    return this.repository.page(this.dataSource.manager, query);
  }

  /** Whether a row appended in some transaction was committed (a failure after the act may not undo it). */
  private async isStored(record: AuditRecord): Promise<boolean> {
    try {
      return await this.repository.contains(this.dataSource.manager, record);
    } catch {
      // Unknown: writing the failure as well keeps the refusal on record; a duplicate is the lesser harm.
      return false;
    }
  }
}
