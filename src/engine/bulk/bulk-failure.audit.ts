import type { EntityManager } from 'typeorm';
import type { BulkActor, BulkOperationKind } from './bulk-operation.record.js';

/** One execution a bulk operation could not stop or redrive. */
export interface BulkItemFailure {
  readonly operationId: string;
  readonly kind: BulkOperationKind;
  readonly executionId: string;
  /** The requester of the operation; null for nobody signed in. */
  readonly actor: BulkActor | null;
  /** The AppError code, or INTERNAL_SERVER_ERROR for anything else. */
  readonly errorCode: string;
  readonly message: string;
}

/**
 * Writes the audit row of a failed item in the transaction that marks it FAILED. Provided by the
 * audit module under {@link BULK_FAILURE_AUDIT}, so that the engine does not depend on it.
 */
export interface BulkFailureAudit {
  record(manager: EntityManager, failure: BulkItemFailure): Promise<void>;
}

export const BULK_FAILURE_AUDIT = Symbol('BULK_FAILURE_AUDIT');
