import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sweeper's check that a RUNNING execution is kept alive (src/engine/sweeper) probes each
 * running execution for a running run with a timer or a recent change: with this index that is one
 * index probe per execution; without it, a scan of every run.
 *
 * Not built CONCURRENTLY, for the reason given in ExecutionStatusCounts1795321300000.
 */
export class RunningRunsByExecution1795321640000 implements MigrationInterface {
  name = 'RunningRunsByExecution1795321640000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE INDEX runs_running_execution_idx ON runs (execution_id) WHERE status = 'RUNNING'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX runs_running_execution_idx');
  }
}
