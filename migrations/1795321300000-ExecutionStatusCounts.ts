import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `StateMachine.executionCounts` counts a page of machines' executions by status in one grouped
 * query (`state_machine_id = ANY($1) GROUP BY state_machine_id, status`). With this index that is an
 * index-only scan; without it, every execution row of those machines is read from the heap.
 *
 * Not built CONCURRENTLY: that waits for every transaction older than itself, including another
 * booting process's wait for the migration lock (src/database/database.migrator.ts), which waits for
 * this one: a deadlock PostgreSQL cannot see. The plain build holds off writes to executions while
 * it runs, once.
 */
export class ExecutionStatusCounts1795321300000 implements MigrationInterface {
  name = 'ExecutionStatusCounts1795321300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX executions_state_machine_status_idx ON executions (state_machine_id, status)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX executions_state_machine_status_idx');
  }
}
