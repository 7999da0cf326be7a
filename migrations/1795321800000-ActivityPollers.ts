import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who polls each activity: one row per activity and worker with its latest poll, so that
 * `Execution.waitingOn` can say how many workers polled an activity in the last minute. A poll
 * without a workerName is the anonymous worker `''`. Pollers write at most one row update per few
 * seconds each (src/activities/activity-pollers.recorder.ts), which also deletes the activity's
 * workers silent for a day.
 */
export class ActivityPollers1795321800000 implements MigrationInterface {
  name = 'ActivityPollers1795321800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE activity_pollers (
        activity text NOT NULL,
        worker_name text NOT NULL,
        last_poll_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity, worker_name)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE activity_pollers');
  }
}
