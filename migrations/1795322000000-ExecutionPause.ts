import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pause and resume: an execution's pause (when, by whom) is kept on its row, not in its history,
 * so that the history stays the shape AWS gives it. A task result that arrives for a paused
 * execution closes its attempt and waits on its run (`pending_outcome`) until the resume applies it.
 */
export class ExecutionPause1795322000000 implements MigrationInterface {
  name = 'ExecutionPause1795322000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE executions ADD COLUMN paused_at timestamptz, ADD COLUMN paused_by text`);
    await queryRunner.query('ALTER TABLE runs ADD COLUMN pending_outcome jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE runs DROP COLUMN pending_outcome');
    await queryRunner.query('ALTER TABLE executions DROP COLUMN paused_at, DROP COLUMN paused_by');
  }
}
