import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The starting point of Stepgraph's schema. It creates nothing: it refuses a PostgreSQL older than
 * 13 (the oldest pg-boss supports, and the first with `gen_random_uuid()` built in) before a later
 * migration can half-apply on one.
 */
export class Baseline1795313065198 implements MigrationInterface {
  name = 'Baseline1795313065198';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF current_setting('server_version_num')::int < 130000 THEN
          RAISE EXCEPTION 'Stepgraph needs PostgreSQL 13 or newer; this server is %', version();
        END IF;
      END $$`);
  }

  async down(): Promise<void> {
    // Nothing to undo: up() only checks the server version.
  }
}
