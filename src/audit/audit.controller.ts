import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import type { ConnectionPage } from '../pagination/connection.page.js';
import { auditFilterOf, AuditLogReader } from './audit-log.reader.js';
import { AuditLogQuery } from './dto/audit-log.args.js';
import { AuditLogEntryConnection, type AuditLogEntry } from './models/audit-log-entry.model.js';

/** `GET /api/v1/audit` for admins: the same pages as GraphQL's `auditLog`. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly reader: AuditLogReader) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: 'The audit log, newest first (admin).' })
  @ApiOkResponse({ type: AuditLogEntryConnection })
  list(@Query() query: AuditLogQuery): Promise<ConnectionPage<AuditLogEntry>> {
    return this.reader.page(auditFilterOf(query), query.first, query.after);
  }
}
