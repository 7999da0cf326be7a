import { Args, Query, Resolver } from '@nestjs/graphql';
import { auditFilterOf, AuditLogReader } from './audit-log.reader.js';
import { AuditLogArgs } from './dto/audit-log.args.js';
import { AuditLogEntryConnection } from './models/audit-log-entry.model.js';

/** `auditLog(filter, first, after)` for admins. */
@Resolver()
export class AuditResolver {
  constructor(private readonly reader: AuditLogReader) {}

  @Query(() => AuditLogEntryConnection, { description: 'The audit log, newest first (admin).' })
  auditLog(@Args() { filter, first, after }: AuditLogArgs): Promise<AuditLogEntryConnection> {
    return this.reader.page(auditFilterOf(filter), first, after);
  }
}
