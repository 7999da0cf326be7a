import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEntry, AuditRecord } from './audit.entry.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';

/** Writes and reads the audit log. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
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
}
