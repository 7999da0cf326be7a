import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk operations: stop or redrive every execution a filter matched, in the background.
 *
 * - `bulk_operations`: one row per real run (dry runs store nothing), inserted with its items, its
 *   first job and its audit row in one transaction. `done` counts items acted on or skipped,
 *   `failed` items whose action threw; the operation ends when `done + failed = total`.
 *   `batches` counts the batches committed: each batch's job names the number it continues from,
 *   so that a job retried after its successor was enqueued does not fork a second chain of jobs.
 * - `bulk_operation_items`: the executions the filter matched when the operation was created,
 *   frozen: executions started later are never touched. An item leaves PENDING once, in the
 *   transaction of its stop or redrive (`DONE`), or because there was nothing to do any more
 *   (`SKIPPED`: it had ended, or been redriven, meanwhile) or because the action failed
 *   (`FAILED`, with the error): so no execution is acted on twice, also after a restart.
 *   `created_by` is the requester (`{ kind, id }`, null for nobody signed in): the engine records
 *   each failure in the audit log in their name.
 */
export class BulkOperations1795321700000 implements MigrationInterface {
  name = 'BulkOperations1795321700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bulk_operations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        filter jsonb NOT NULL,
        error text,
        cause text,
        status text NOT NULL,
        total integer NOT NULL,
        done integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        batches integer NOT NULL DEFAULT 0,
        created_by jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT bulk_operations_kind_check CHECK (kind IN ('STOP', 'REDRIVE')),
        CONSTRAINT bulk_operations_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
        CONSTRAINT bulk_operations_progress_check CHECK (done >= 0 AND failed >= 0 AND done + failed <= total)
      )`);
    await queryRunner.query(
      'CREATE INDEX bulk_operations_created_idx ON bulk_operations (created_at DESC, id DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE bulk_operation_items (
        operation_id uuid NOT NULL REFERENCES bulk_operations (id) ON DELETE CASCADE,
        execution_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'PENDING',
        error text,
        PRIMARY KEY (operation_id, execution_id),
        CONSTRAINT bulk_operation_items_state_check CHECK (state IN ('PENDING', 'DONE', 'FAILED', 'SKIPPED'))
      )`);
    // The worker's read: the next PENDING items of one operation, in id order.
    await queryRunner.query(
      `CREATE INDEX bulk_operation_items_pending_idx ON bulk_operation_items (operation_id, execution_id)
        WHERE state = 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE bulk_operation_items');
    await queryRunner.query('DROP TABLE bulk_operations');
  }
}
