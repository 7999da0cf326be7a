import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activities as named resources (AWS's CreateActivity, DescribeActivity, ListActivities,
 * DeleteActivity). The engine files activity tasks by name whether or not a row exists here: a
 * definition may name an activity nobody created, and workers polling over GraphQL or REST still
 * get its tasks. Deleting one removes its row only; tasks already scheduled stay answerable.
 */
export class Activities1795322150000 implements MigrationInterface {
  name = 'Activities1795322150000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE activities (
        name text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE activities');
  }
}
