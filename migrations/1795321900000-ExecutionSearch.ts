import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the executions filter's search fields (src/executions/execution-filter.sql.ts):
 *
 * - `input @> '{"customerId":"c-42"}'` (the input condition): GIN with jsonb_path_ops, which
 *   indexes a hash per path-to-value and answers containment only, smaller than the default opclass.
 * - `error = $1`: btree in the list's keyset order, for ended executions only (RUNNING ones have none).
 * - `version = $1` with the machine: btree in the keyset order.
 * - `cause ILIKE '%text%'`: trigram GIN, when pg_trgm can be created here. It ships with PostgreSQL's
 *   contrib (Debian's postgresql package, the embedded server) and is trusted, so a database owner
 *   may create it; where it cannot be, the migration still succeeds and a cause search scans the
 *   executions the other filters leave.
 *
 * Not built CONCURRENTLY, for the reason migrations/1795321300000-ExecutionStatusCounts.ts gives.
 */
export class ExecutionSearch1795321900000 implements MigrationInterface {
  name = 'ExecutionSearch1795321900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX executions_input_idx ON executions USING gin (input jsonb_path_ops)',
    );
    await queryRunner.query(`
      CREATE INDEX executions_error_started_at_idx ON executions (error, started_at DESC, id DESC)
        WHERE error IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX executions_version_started_at_idx
        ON executions (state_machine_id, version, started_at DESC, id DESC)`);
    if (await trigramsAvailable(queryRunner)) {
      await queryRunner.query(
        'CREATE INDEX executions_cause_trgm_idx ON executions USING gin (cause gin_trgm_ops)',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS executions_cause_trgm_idx');
    await queryRunner.query('DROP INDEX executions_version_started_at_idx');
    await queryRunner.query('DROP INDEX executions_error_started_at_idx');
    await queryRunner.query('DROP INDEX executions_input_idx');
  }
}

/**
 * Creates pg_trgm unless it exists, when this server has it and this role may create it (a trusted
 * extension needs CREATE on the database). Asked first rather than tried: a failed statement would
 * abort the migration's transaction and log an error at every first boot.
 */
async function trigramsAvailable(queryRunner: QueryRunner): Promise<boolean> {
  const [state] = (await queryRunner.query(`
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS installed,
           EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available,
           has_database_privilege(current_database(), 'CREATE')
             OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS may_create`)) as [
    { installed: boolean; available: boolean; may_create: boolean },
  ];
  if (state.installed) return true;
  if (!state.available || !state.may_create) return false;
  await queryRunner.query('CREATE EXTENSION pg_trgm');
  return true;
}
