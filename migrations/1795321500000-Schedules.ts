import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schedules and the fires they made.
 *
 * - `schedules` holds the definition (expression, time zone, window, overlap policy, catch-up
 *   window, jitter) and the scheduler's cursor: `next_fire_at` is the next nominal fire time not yet
 *   decided (NULL once none is left: a fired `at()`, a passed `end_at`), `next_due_at` the same time
 *   plus the schedule's jitter. Engine processes claim due schedules with
 *   `FOR UPDATE SKIP LOCKED` through the partial index on `next_due_at`, so one process at a time
 *   decides a schedule's fires; `enabled = false` is a paused schedule.
 * - `schedule_fires` has one row per decided fire, keyed by schedule, kind and nominal time: the
 *   key makes a second decision of the same fire impossible, whatever the number of processes,
 *   restarts or clock steps. A fire that starts an execution commits with it (`execution_id`);
 *   `BUFFERED` fires wait for the schedule's running execution to end (the partial index finds
 *   them). `kind` tells a fire of the expression from a `triggerSchedule` and a backfill.
 * - The overlap policies ask, at every fire, whether an execution of the schedule still runs:
 *   `executions_schedule_running_idx` answers from the running ones only, however many the
 *   schedule has started before.
 * - Fires are deleted with their schedule; executions keep the schedule's id (no foreign key).
 */
export class Schedules1795321500000 implements MigrationInterface {
  name = 'Schedules1795321500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text COLLATE "C" NOT NULL,
        description text,
        state_machine_id uuid NOT NULL REFERENCES state_machines (id),
        version integer,
        expression text NOT NULL,
        timezone text NOT NULL DEFAULT 'UTC',
        input jsonb NOT NULL DEFAULT '{}'::jsonb,
        overlap_policy text NOT NULL DEFAULT 'SKIP',
        catchup_window_seconds integer NOT NULL DEFAULT 60,
        jitter_seconds integer NOT NULL DEFAULT 0,
        start_at timestamptz,
        end_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        next_fire_at timestamptz,
        next_due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schedules_name_key UNIQUE (name),
        CONSTRAINT schedules_name_format CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
        CONSTRAINT schedules_description_length CHECK (char_length(description) <= 1024),
        CONSTRAINT schedules_version_fkey FOREIGN KEY (state_machine_id, version)
          REFERENCES state_machine_versions (state_machine_id, version),
        CONSTRAINT schedules_expression_length CHECK (char_length(expression) BETWEEN 1 AND 256),
        CONSTRAINT schedules_overlap_policy_check
          CHECK (overlap_policy IN ('SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'ALLOW_ALL')),
        CONSTRAINT schedules_catchup_window_nonnegative CHECK (catchup_window_seconds >= 0),
        CONSTRAINT schedules_jitter_nonnegative CHECK (jitter_seconds >= 0),
        CONSTRAINT schedules_window_ordered CHECK (start_at IS NULL OR end_at IS NULL OR start_at < end_at),
        CONSTRAINT schedules_due_iff_next CHECK ((next_fire_at IS NULL) = (next_due_at IS NULL))
      )`);
    await queryRunner.query(`
      CREATE INDEX schedules_due_idx ON schedules (next_due_at) WHERE enabled AND next_due_at IS NOT NULL`);
    await queryRunner.query('CREATE INDEX schedules_state_machine_idx ON schedules (state_machine_id)');
    await queryRunner.query(`
      CREATE TABLE schedule_fires (
        schedule_id uuid NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
        kind text NOT NULL,
        scheduled_time timestamptz NOT NULL,
        outcome text NOT NULL,
        execution_id uuid,
        overlap_policy text NOT NULL,
        cause text,
        decided_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        PRIMARY KEY (schedule_id, kind, scheduled_time),
        CONSTRAINT schedule_fires_kind_check CHECK (kind IN ('SCHEDULED', 'TRIGGERED', 'BACKFILL')),
        CONSTRAINT schedule_fires_outcome_check
          CHECK (outcome IN ('STARTED', 'BUFFERED', 'SKIPPED_OVERLAP', 'SKIPPED_CATCHUP', 'FAILED')),
        CONSTRAINT schedule_fires_execution_iff_started CHECK ((outcome = 'STARTED') = (execution_id IS NOT NULL)),
        CONSTRAINT schedule_fires_started_at_iff_started CHECK ((outcome = 'STARTED') = (started_at IS NOT NULL)),
        CONSTRAINT schedule_fires_overlap_policy_check
          CHECK (overlap_policy IN ('SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'ALLOW_ALL')),
        CONSTRAINT schedule_fires_cause_length CHECK (char_length(cause) <= 4096)
      )`);
    await queryRunner.query(
      'CREATE INDEX schedule_fires_recent_idx ON schedule_fires (schedule_id, decided_at DESC, scheduled_time DESC)',
    );
    await queryRunner.query(`
      CREATE INDEX schedule_fires_buffered_idx ON schedule_fires (schedule_id, scheduled_time)
        WHERE outcome = 'BUFFERED'`);
    await queryRunner.query(`
      CREATE INDEX executions_schedule_running_idx ON executions (trigger_schedule_id)
        WHERE status = 'RUNNING' AND trigger_schedule_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX executions_schedule_running_idx');
    await queryRunner.query('DROP TABLE schedule_fires');
    await queryRunner.query('DROP TABLE schedules');
  }
}
