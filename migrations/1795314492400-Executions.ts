import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Executions, their history, and the engine's own state: runs and task attempts.
 *
 * - `executions` is the unit the engine serialises on: every transition locks its row
 *   (`SELECT … FOR UPDATE`) and takes the `seq` of its history events from `next_event_id`, so a
 *   history's `seq` is contiguous by construction. `transitions` counts the states entered, for
 *   the per-execution cap; `timeout_at` is the deadline of the definition's `TimeoutSeconds`.
 * - `execution_events` is append-only: a trigger refuses updates.
 * - `runs` holds one row per run (the root, a Parallel branch, a Map iteration) with its RunState
 *   as the interpreter hands it back. `fence` is bumped on every change: a job that carries an older
 *   fence is stale and does nothing. A parent's join counters (`children_*`) change in the same
 *   transaction as the child that ends; `fork` numbers the parent's fan-outs, so the children of
 *   an earlier attempt (a retried Map) never count towards a later one. The next child to start
 *   under MaxConcurrency is found through the open children's index, whatever the fan-out's size. A child belongs to its
 *   parent's execution: the composite foreign key makes anything else impossible.
 * - `tasks` holds one row per task attempt, keyed by its unguessable token. At most one attempt
 *   per run is open (an exclusion constraint, checked at commit), so a run never waits on two.
 * - Deadlines (`wake_at`, `timeout_at`, `heartbeat_at`, `due_at`) are PostgreSQL times; the
 *   sweeper finds overdue rows through the partial indexes below.
 */
export class Executions1795314492400 implements MigrationInterface {
  name = 'Executions1795314492400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE executions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        state_machine_id uuid NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        status text NOT NULL DEFAULT 'RUNNING',
        input jsonb NOT NULL,
        output jsonb,
        error text,
        cause text,
        started_at timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz,
        next_event_id integer NOT NULL DEFAULT 1,
        redrive_count integer NOT NULL DEFAULT 0,
        redriven_at timestamptz,
        parent_execution_id uuid REFERENCES executions (id),
        transitions integer NOT NULL DEFAULT 0,
        timeout_at timestamptz,
        CONSTRAINT executions_version_fkey FOREIGN KEY (state_machine_id, version)
          REFERENCES state_machine_versions (state_machine_id, version),
        CONSTRAINT executions_state_machine_name_key UNIQUE (state_machine_id, name),
        CONSTRAINT executions_status_check
          CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')),
        CONSTRAINT executions_stopped_at_iff_ended CHECK ((status = 'RUNNING') = (stopped_at IS NULL)),
        CONSTRAINT executions_output_iff_succeeded CHECK ((status = 'SUCCEEDED') = (output IS NOT NULL)),
        CONSTRAINT executions_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
        CONSTRAINT executions_next_event_id_positive CHECK (next_event_id >= 1),
        CONSTRAINT executions_redrive_count_nonnegative CHECK (redrive_count >= 0),
        CONSTRAINT executions_redriven_at_iff_redriven CHECK ((redrive_count = 0) = (redriven_at IS NULL)),
        CONSTRAINT executions_transitions_nonnegative CHECK (transitions >= 0),
        CONSTRAINT executions_not_own_parent CHECK (parent_execution_id <> id)
      )`);
    await queryRunner.query(
      'CREATE INDEX executions_started_at_idx ON executions (started_at DESC, id DESC)',
    );
    await queryRunner.query(`
      CREATE INDEX executions_state_machine_started_at_idx
        ON executions (state_machine_id, started_at DESC, id DESC)`);
    await queryRunner.query(
      'CREATE INDEX executions_status_started_at_idx ON executions (status, started_at DESC, id DESC)',
    );
    await queryRunner.query(`
      CREATE INDEX executions_parent_idx ON executions (parent_execution_id)
        WHERE parent_execution_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX executions_timeout_idx ON executions (timeout_at)
        WHERE status = 'RUNNING' AND timeout_at IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE execution_events (
        execution_id uuid NOT NULL REFERENCES executions (id),
        seq integer NOT NULL,
        type text NOT NULL,
        state_name text,
        previous_event_id integer,
        timestamp timestamptz NOT NULL,
        details jsonb NOT NULL,
        PRIMARY KEY (execution_id, seq),
        CONSTRAINT execution_events_seq_positive CHECK (seq >= 1),
        CONSTRAINT execution_events_previous_before CHECK (previous_event_id >= 0 AND previous_event_id < seq),
        CONSTRAINT execution_events_details_object CHECK (jsonb_typeof(details) = 'object')
      )`);
    await queryRunner.query(`
      CREATE FUNCTION execution_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'execution history is append-only: UPDATE refused' USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER execution_events_append_only BEFORE UPDATE ON execution_events
        FOR EACH ROW EXECUTE FUNCTION execution_events_append_only()`);

    await queryRunner.query(`
      CREATE TABLE runs (
        id uuid PRIMARY KEY,
        execution_id uuid NOT NULL REFERENCES executions (id),
        parent_run_id uuid,
        fork integer,
        child_index integer,
        status text NOT NULL,
        state jsonb NOT NULL,
        fence integer NOT NULL DEFAULT 0,
        output jsonb,
        error text,
        cause text,
        wake_at timestamptz,
        redrive_pending boolean NOT NULL DEFAULT false,
        current_fork integer NOT NULL DEFAULT 0,
        children_total integer NOT NULL DEFAULT 0,
        children_succeeded integer NOT NULL DEFAULT 0,
        children_running integer NOT NULL DEFAULT 0,
        max_concurrency integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT runs_id_execution_key UNIQUE (id, execution_id),
        CONSTRAINT runs_parent_fkey FOREIGN KEY (parent_run_id, execution_id) REFERENCES runs (id, execution_id),
        CONSTRAINT runs_child_key UNIQUE (parent_run_id, fork, child_index),
        CONSTRAINT runs_status_check CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED')),
        CONSTRAINT runs_child_fields CHECK (
          (parent_run_id IS NULL) = (fork IS NULL) AND (parent_run_id IS NULL) = (child_index IS NULL)),
        CONSTRAINT runs_root_not_pending CHECK (parent_run_id IS NOT NULL OR status <> 'PENDING'),
        CONSTRAINT runs_output_iff_succeeded CHECK ((status = 'SUCCEEDED') = (output IS NOT NULL)),
        CONSTRAINT runs_state_object CHECK (jsonb_typeof(state) = 'object'),
        CONSTRAINT runs_fence_nonnegative CHECK (fence >= 0),
        CONSTRAINT runs_child_index_nonnegative CHECK (child_index >= 0 AND fork >= 1),
        CONSTRAINT runs_children_counts CHECK (
          current_fork >= 0 AND max_concurrency >= 0 AND children_succeeded >= 0 AND children_running >= 0
          AND children_succeeded + children_running <= children_total)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX runs_root_key ON runs (execution_id) WHERE parent_run_id IS NULL',
    );
    await queryRunner.query(
      `CREATE INDEX runs_open_children_idx ON runs (parent_run_id, fork, child_index)
         WHERE status IN ('PENDING', 'RUNNING')`,
    );
    await queryRunner.query(
      "CREATE INDEX runs_wake_idx ON runs (wake_at) WHERE status = 'RUNNING' AND wake_at IS NOT NULL",
    );

    await queryRunner.query(`
      CREATE TABLE tasks (
        token text PRIMARY KEY,
        execution_id uuid NOT NULL,
        run_id uuid NOT NULL,
        scheduled_event_id integer NOT NULL,
        state_name text NOT NULL,
        resource text NOT NULL,
        kind text NOT NULL,
        pattern text NOT NULL,
        activity text,
        status text NOT NULL,
        input jsonb NOT NULL,
        worker_name text,
        due_at timestamptz NOT NULL,
        timeout_at timestamptz,
        heartbeat_seconds integer,
        heartbeat_at timestamptz,
        child_execution_id uuid REFERENCES executions (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT tasks_run_fkey FOREIGN KEY (run_id, execution_id) REFERENCES runs (id, execution_id),
        CONSTRAINT tasks_scheduled_event_key UNIQUE (execution_id, scheduled_event_id),
        CONSTRAINT tasks_token_format CHECK (token ~ '^[A-Za-z0-9_-]{43}$'),
        CONSTRAINT tasks_kind_check CHECK (kind IN ('builtin', 'callback', 'http', 'activity', 'start-execution')),
        CONSTRAINT tasks_pattern_check
          CHECK (pattern IN ('request-response', 'wait-for-task-token', 'sync', 'sync:2')),
        CONSTRAINT tasks_activity_iff_kind CHECK ((kind = 'activity') = (activity IS NOT NULL)),
        CONSTRAINT tasks_status_check
          CHECK (status IN ('SCHEDULED', 'STARTED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')),
        CONSTRAINT tasks_ended_at_iff_closed CHECK ((status IN ('SCHEDULED', 'STARTED')) = (ended_at IS NULL)),
        CONSTRAINT tasks_heartbeat_positive CHECK (heartbeat_seconds > 0)
      )`);
    // Deferred to commit: a transition closes a run's attempt and opens its next one in one statement.
    await queryRunner.query(`
      ALTER TABLE tasks ADD CONSTRAINT tasks_one_open_per_run
        EXCLUDE USING btree (run_id WITH =) WHERE (status IN ('SCHEDULED', 'STARTED'))
        DEFERRABLE INITIALLY DEFERRED`);
    await queryRunner.query(`
      CREATE INDEX tasks_activity_queue_idx ON tasks (activity, created_at, scheduled_event_id)
        WHERE status = 'SCHEDULED' AND kind = 'activity'`);
    await queryRunner.query('CREATE INDEX tasks_state_attempts_idx ON tasks (execution_id, state_name)');
    await queryRunner.query(`
      CREATE INDEX tasks_child_execution_idx ON tasks (child_execution_id) WHERE child_execution_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX tasks_deadline_idx ON tasks (LEAST(timeout_at, heartbeat_at))
        WHERE status IN ('SCHEDULED', 'STARTED') AND (timeout_at IS NOT NULL OR heartbeat_at IS NOT NULL)`);
    await queryRunner.query(`
      CREATE INDEX tasks_due_idx ON tasks (due_at)
        WHERE status = 'SCHEDULED' AND kind IN ('builtin', 'http', 'start-execution')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tasks');
    await queryRunner.query('DROP TABLE runs');
    await queryRunner.query('DROP TABLE execution_events');
    await queryRunner.query('DROP FUNCTION execution_events_append_only()');
    await queryRunner.query('DROP TABLE executions');
  }
}
