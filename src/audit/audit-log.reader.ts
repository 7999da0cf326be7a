import { Injectable } from '@nestjs/common';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import type { AuditRecord } from './audit.entry.js';
import type { AuditFilter } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import type { AuditLogEntry } from './models/audit-log-entry.model.js';

const SEQ_KEYSET = { seq: 'number' } as const;

/** Pages of the audit log for GraphQL and REST alike: newest first, keyed by `seq`. */
@Injectable()
export class AuditLogReader {
  constructor(private readonly audit: AuditService) {}

  async page(
    filter: AuditFilter,
    first: number,
    after?: string | null,
  ): Promise<ConnectionPage<AuditLogEntry>> {
    const beforeSeq = after ? decodeCursor(after, SEQ_KEYSET).seq : undefined;
    const { rows, totalCount } = await this.audit.page({ filter, limit: first + 1, beforeSeq });
    return connectionFromRows<AuditLogEntry>({
      rows: rows.map(entryOf),
      first,
      totalCount,
      cursorOf: (entry) => encodeCursor({ seq: entry.seq }),
    });
  }
}

function entryOf(record: AuditRecord): AuditLogEntry {
  return { ...record, details: record.details };
}

/** The filter fields that are set, from a GraphQL input or a REST query. */
export function auditFilterOf(
  input:
    | {
        actorId?: string | null;
        operation?: string | null;
        outcome?: AuditFilter['outcome'] | null;
        since?: Date | null;
        until?: Date | null;
      }
    | null
    | undefined,
): AuditFilter {
  return {
    ...(input?.actorId && { actorId: input.actorId }),
    ...(input?.operation && { operation: input.operation }),
    ...(input?.outcome && { outcome: input.outcome }),
    ...(input?.since && { since: input.since }),
    ...(input?.until && { until: input.until }),
  };
}
