import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link AuditedByService}. */
export const AUDITED_BY_SERVICE = 'stepgraph:audited-by-service';

/**
 * For a REST write whose service writes its own audit row, in the transaction of the change (login,
 * refresh, logout): the audit interceptor then adds none.
 */
export const AuditedByService = () => SetMetadata(AUDITED_BY_SERVICE, true);
