import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What started an execution: a person or program (`MANUAL`, also a nested start), a schedule's fire
 * (`SCHEDULE`, with the schedule and the fire time it ran for) or a webhook call (`WEBHOOK`). The
 * ids are kept without a foreign key: an execution outlives the schedule or hook that started it.
 * The partial index answers a schedule's overlap question ("is one of its executions still
 * running?") and its recent executions without reading other executions.
 */
export class ExecutionTriggers1795321400000 implements MigrationInterface {
  name = 'ExecutionTriggers1795321400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE executions
        ADD COLUMN trigger_kind text NOT NULL DEFAULT 'MANUAL',
        ADD COLUMN trigger_schedule_id uuid,
        ADD COLUMN trigger_webhook_id uuid,
        ADD COLUMN trigger_scheduled_time timestamptz,
        ADD CONSTRAINT executions_trigger_kind_check CHECK (trigger_kind IN ('MANUAL', 'SCHEDULE', 'WEBHOOK')),
        ADD CONSTRAINT executions_trigger_schedule_iff CHECK (
          (trigger_kind = 'SCHEDULE') = (trigger_schedule_id IS NOT NULL AND trigger_scheduled_time IS NOT NULL)),
        ADD CONSTRAINT executions_trigger_webhook_iff CHECK ((trigger_kind = 'WEBHOOK') = (trigger_webhook_id IS NOT NULL))`);
    await queryRunner.query(`
      CREATE INDEX executions_trigger_schedule_idx ON executions (trigger_schedule_id, started_at DESC, id DESC)
        WHERE trigger_schedule_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX executions_trigger_schedule_idx');
    await queryRunner.query(`
      ALTER TABLE executions
        DROP COLUMN trigger_kind, DROP COLUMN trigger_schedule_id,
        DROP COLUMN trigger_webhook_id, DROP COLUMN trigger_scheduled_time`);
  }
}
