import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables partitioned together, in the order retention drops one bucket's partitions. */
const HISTORY_TABLES = ['execution_events', 'tasks', 'runs', 'executions'] as const;

/**
 * Executions and their history (`execution_events`, `runs`, `tasks`) partitioned by the week the
 * execution started, so that retention (src/engine/retention, docs/retention.md) drops a week's
 * four partitions instead of deleting rows: no long locks, no bloat.
 *
 * - The key is `history_day`, the UTC day number (days since 1970-01-01) the execution started,
 *   an integer every row of the execution carries (`history_day_of(now())` when it starts; the
 *   engine copies its execution's into each event, run and task it writes). Partitions are one
 *   ISO week wide (Monday to Monday, `history_week_start`): retention then honours its days to
 *   within a week, and a lookup by id that cannot name its week probes about 14 partitions at the
 *   default 90 days, not 90 (docs/retention.md weighs it).
 * - Partitions are made by `history_partitions_create(week)`: the four tables built standalone
 *   with their keys and foreign keys, then ATTACHed, which takes only SHARE UPDATE EXCLUSIVE on
 *   the parents (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE). This migration makes
 *   the current and next weeks; the engine keeps weeks ahead (src/engine/retention). There is
 *   no DEFAULT partition: with one, creating a partition must scan the default one for rows of
 *   its range under an exclusive lock, and a row parked there blocks creating its week for good.
 * - Keys and foreign keys live on each partition, not on the parents: an execution's rows all
 *   share its key, so per-partition keys are exactly as strong (ids are random UUIDs, tokens 256
 *   random bits), and a partition-to-partition foreign key lets a week be detached and dropped
 *   without PostgreSQL scanning the other weeks for references. The parents hold the non-unique
 *   indexes, the CHECK constraints and the append-only trigger, which every partition inherits.
 * - Dropped: `executions.parent_execution_id` and `tasks.child_execution_id` foreign keys. A child
 *   execution starts in a later week than its parent, and weeks are dropped independently; the
 *   readers already treat a parent or child that is gone as gone. Dropped too:
 *   `executions_version_fkey` to `state_machine_versions`. Dropping a referencing table takes
 *   ACCESS EXCLUSIVE on the table it references, so every drop of a week would stall every start
 *   (which reads that table) and could deadlock with one; versions are immutable and never
 *   deleted (a machine is deleted softly), and the start inserts only a version its join found.
 * - Name uniqueness: a unique index on a partitioned table must contain the partition key, so
 *   `(state_machine_id, name)` moves to `execution_names`, written in the start's statement
 *   (ON CONFLICT on its primary key, exactly as before on `executions`) and deleted by retention.
 *
 * Existing data moves in online, without a copy: the old tables become one `legacy` partition
 * each (`history_day` 0). Runs without a migration transaction (TypeORM's `transaction = false`),
 * in three steps:
 * 1. a short transaction adds `history_day integer NOT NULL DEFAULT 0` (instant since
 *    PostgreSQL 11: a constant default is not written into rows) and a NOT VALID
 *    `CHECK (history_day < 1)`;
 * 2. VALIDATE CONSTRAINT (one scan per table under SHARE UPDATE EXCLUSIVE: reads and writes go on)
 *    and the copy of the existing names into `execution_names`;
 * 3. one transaction renames the tables to `*_legacy`, creates the partitioned parents, and
 *    ATTACHes each legacy table FOR VALUES FROM (MINVALUE) TO (1). The validated CHECK proves the
 *    bound, and the parents' indexes are defined exactly as the legacy ones so ATTACH adopts them:
 *    no scan and no index build under the exclusive locks, only catalog work. Names of executions
 *    started during step 2 are copied here (an index range on `started_at`).
 * Each step is idempotent, so a process killed between them re-runs the migration to the end.
 * Retention drops the legacy partitions once everything in them has expired.
 */
export class HistoryPartitions1795322200000 implements MigrationInterface {
  name = 'HistoryPartitions1795322200000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const partitioned = await select<unknown[]>(
      queryRunner,
      "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'executions'",
    );
    if (partitioned.length > 0) return;
    await inTransaction(queryRunner, async () => {
      for (const table of HISTORY_TABLES) {
        await queryRunner.query(
          `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS history_day integer NOT NULL DEFAULT 0`,
        );
        await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_legacy_bound`);
        await queryRunner.query(
          `ALTER TABLE ${table} ADD CONSTRAINT ${table}_legacy_bound CHECK (history_day < 1) NOT VALID`,
        );
      }
      await queryRunner.query(`
        CREATE TABLE IF NOT EXISTS execution_names (
          state_machine_id uuid NOT NULL,
          name text NOT NULL,
          execution_id uuid NOT NULL,
          history_day integer NOT NULL,
          PRIMARY KEY (state_machine_id, name)
        )`);
      await queryRunner.query(
        'CREATE INDEX IF NOT EXISTS execution_names_history_day_idx ON execution_names (history_day)',
      );
    });
    for (const table of HISTORY_TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${table}_legacy_bound`);
    }
    const [{ copied_from: copiedFrom }] = await select<{ copied_from: string }[]>(
      queryRunner,
      'SELECT now()::text AS copied_from',
    );
    await copyNames(queryRunner, '');
    await inTransaction(queryRunner, async () => {
      await copyNames(queryRunner, `WHERE started_at >= '${copiedFrom}'::timestamptz`);
      await partitionTables(queryRunner);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await inTransaction(queryRunner, async () => {
      const partitions = await select<{ name: string; parent: string }[]>(
        queryRunner,
        `
        SELECT c.relname AS name, p.relname AS parent FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         WHERE p.relname = ANY($1) AND c.relname NOT LIKE '%\\_legacy'`,
        [HISTORY_TABLES],
      );
      const rows = await select<{ n: number }[]>(
        queryRunner,
        `SELECT count(*)::int AS n FROM executions WHERE history_day >= 1`,
      );
      if ((rows[0]?.n ?? 0) > 0)
        throw new Error('HistoryPartitions down: executions started since the migration would be lost');
      for (const table of HISTORY_TABLES) {
        for (const partition of partitions.filter((p) => p.parent === table))
          await queryRunner.query(`DROP TABLE ${partition.name}`);
        await queryRunner.query(`ALTER TABLE ${table} DETACH PARTITION ${table}_legacy`);
        await queryRunner.query(`DROP TABLE ${table}`);
        await queryRunner.query(`ALTER TABLE ${table}_legacy RENAME TO ${table}`);
        const renamed = await select<{ name: string }[]>(
          queryRunner,
          `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = $1::regclass AND c.relname LIKE '%\\_legacy'`,
          [table],
        );
        for (const index of renamed)
          await queryRunner.query(
            `ALTER INDEX ${index.name} RENAME TO ${index.name.slice(0, -'_legacy'.length)}`,
          );
        await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_legacy_bound`);
        await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN history_day`);
      }
      await queryRunner.query(`
        CREATE TRIGGER execution_events_append_only BEFORE UPDATE ON execution_events
          FOR EACH ROW EXECUTE FUNCTION execution_events_append_only()`);
      await queryRunner.query(
        'ALTER TABLE executions ADD FOREIGN KEY (parent_execution_id) REFERENCES executions (id)',
      );
      await queryRunner.query(
        'ALTER TABLE tasks ADD FOREIGN KEY (child_execution_id) REFERENCES executions (id)',
      );
      await queryRunner.query(`
        ALTER TABLE executions ADD CONSTRAINT executions_version_fkey FOREIGN KEY (state_machine_id, version)
          REFERENCES state_machine_versions (state_machine_id, version)`);
      await queryRunner.query('DROP TABLE execution_names');
      await queryRunner.query('DROP FUNCTION history_partitions_create(integer)');
      await queryRunner.query('DROP FUNCTION history_week_start(integer)');
      await queryRunner.query('DROP FUNCTION history_day_of(timestamptz)');
    });
  }
}

async function select<T>(queryRunner: QueryRunner, sql: string, parameters?: unknown[]): Promise<T> {
  return (await queryRunner.query(sql, parameters)) as T;
}

async function inTransaction(queryRunner: QueryRunner, work: () => Promise<void>): Promise<void> {
  await queryRunner.startTransaction();
  try {
    await work();
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}

async function copyNames(queryRunner: QueryRunner, where: string): Promise<void> {
  await queryRunner.query(`
    INSERT INTO execution_names (state_machine_id, name, execution_id, history_day)
    SELECT state_machine_id, name, id, history_day FROM executions ${where}
    ON CONFLICT DO NOTHING`);
}

/** Step 3: the legacy tables become partitions of new partitioned parents. */
async function partitionTables(queryRunner: QueryRunner): Promise<void> {
  await createPartitionFunctions(queryRunner);
  // A child starts after its parent and may outlive the parent's week (see above).
  await queryRunner.query(
    'ALTER TABLE executions DROP CONSTRAINT IF EXISTS executions_parent_execution_id_fkey',
  );
  await queryRunner.query('ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_child_execution_id_fkey');
  // Dropping a table that references another takes ACCESS EXCLUSIVE on the referenced one (its
  // foreign-key triggers go): every start reads state_machine_versions (see above).
  await queryRunner.query('ALTER TABLE executions DROP CONSTRAINT IF EXISTS executions_version_fkey');
  // Re-created on the parent below, which gives it to every partition.
  await queryRunner.query('DROP TRIGGER execution_events_append_only ON execution_events');
  for (const table of HISTORY_TABLES) {
    const indexes = await select<{ name: string; definition: string }[]>(
      queryRunner,
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [table],
    );
    await queryRunner.query(`ALTER TABLE ${table} RENAME TO ${table}_legacy`);
    await queryRunner.query(`
      CREATE TABLE ${table} (LIKE ${table}_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
        PARTITION BY RANGE (history_day)`);
    await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_legacy_bound`);
    await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN history_day DROP DEFAULT`);
    for (const index of indexes) {
      await queryRunner.query(`ALTER INDEX ${index.name} RENAME TO ${legacyName(index.name)}`);
      // The same definition on the parent: ATTACH adopts the legacy index instead of building one.
      await queryRunner.query(
        index.definition.replace(
          new RegExp(`^CREATE INDEX ${index.name} ON public\\.${table} `),
          `CREATE INDEX ${index.name} ON ${table} `,
        ),
      );
    }
  }
  await queryRunner.query(
    'ALTER TABLE executions ALTER COLUMN history_day SET DEFAULT history_day_of(now())',
  );
  await queryRunner.query(`
    CREATE TRIGGER execution_events_append_only BEFORE UPDATE ON execution_events
      FOR EACH ROW EXECUTE FUNCTION execution_events_append_only()`);
  for (const table of HISTORY_TABLES) {
    await queryRunner.query(
      `ALTER TABLE ${table} ATTACH PARTITION ${table}_legacy FOR VALUES FROM (MINVALUE) TO (1)`,
    );
  }
  await queryRunner.query(`
    SELECT history_partitions_create(history_week_start(history_day_of(now())) + 7 * w)
      FROM generate_series(0, 1) AS w`);
}

function legacyName(name: string): string {
  return `${name.slice(0, 63 - '_legacy'.length)}_legacy`;
}

async function createPartitionFunctions(queryRunner: QueryRunner): Promise<void> {
  // extract(epoch) of a timestamptz does not depend on the time zone, so this is immutable.
  await queryRunner.query(`
    CREATE FUNCTION history_day_of(at timestamptz) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN floor(extract(epoch FROM at) / 86400)::integer`);
  // Day 0 (1970-01-01) was a Thursday: Mondays are the days d with (d + 3) % 7 = 0.
  await queryRunner.query(`
    CREATE FUNCTION history_week_start(day integer) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN day - ((day + 3) % 7 + 7) % 7`);
  await queryRunner.query(`
    CREATE FUNCTION history_partitions_create(week integer) RETURNS boolean LANGUAGE plpgsql AS $$
    DECLARE
      suffix text := to_char(date '1970-01-01' + week, '"w"YYYYMMDD');
      e text := 'executions_' || suffix;
      v text := 'execution_events_' || suffix;
      r text := 'runs_' || suffix;
      t text := 'tasks_' || suffix;
    BEGIN
      IF week <> history_week_start(week) THEN
        RAISE EXCEPTION 'history partitions start on a Monday: day % is not one', week;
      END IF;
      IF to_regclass(e) IS NOT NULL THEN
        RETURN false;
      END IF;
      EXECUTE format('CREATE TABLE %I (LIKE executions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', e);
      EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id)', e);
      EXECUTE format('CREATE TABLE %I (LIKE execution_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v);
      EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (execution_id, seq),
                        ADD FOREIGN KEY (execution_id) REFERENCES %I (id)', v, e);
      EXECUTE format('CREATE TABLE %I (LIKE runs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', r);
      EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id), ADD UNIQUE (id, execution_id),
                        ADD UNIQUE (parent_run_id, fork, child_index),
                        ADD FOREIGN KEY (execution_id) REFERENCES %I (id),
                        ADD FOREIGN KEY (parent_run_id, execution_id) REFERENCES %I (id, execution_id)', r, e, r);
      EXECUTE format('CREATE UNIQUE INDEX ON %I (execution_id) WHERE parent_run_id IS NULL', r);
      EXECUTE format('CREATE TABLE %I (LIKE tasks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t);
      EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (token), ADD UNIQUE (execution_id, scheduled_event_id),
                        ADD FOREIGN KEY (run_id, execution_id) REFERENCES %I (id, execution_id),
                        ADD EXCLUDE USING btree (run_id WITH =) WHERE (status IN (''SCHEDULED'', ''STARTED''))
                          DEFERRABLE INITIALLY DEFERRED', t, r);
      EXECUTE format('ALTER TABLE executions ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', e, week, week + 7);
      EXECUTE format('ALTER TABLE execution_events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', v, week, week + 7);
      EXECUTE format('ALTER TABLE runs ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', r, week, week + 7);
      EXECUTE format('ALTER TABLE tasks ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', t, week, week + 7);
      RETURN true;
    END $$`);
}
