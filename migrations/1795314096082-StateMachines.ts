import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State machines and their immutable versions.
 *
 * - A machine is soft-deleted (`deleted_at`): executions reference `(state_machine_id, version)`
 *   and must keep finding their definition afterwards. The name is unique among live machines only
 *   (a partial unique index), so a deleted machine's name can be taken again. That same index is
 *   the keyset order of the list (by name), so listing needs no other index. Names sort bytewise
 *   (COLLATE "C"): the same order, and the same cursors, on every server whatever its locale.
 * - `latest_version` is written under the machine's row lock together with the version it names,
 *   so "next version = latest + 1" cannot race; the composite foreign key keeps it pointing at a
 *   version that exists (deferred: both rows are written in one transaction, the machine first).
 * - Versions are never changed or deleted: a trigger refuses it, whoever asks.
 * - `definition_sha256` is the SHA-256 (hex) of the definition's canonical JSON (keys sorted, no
 *   whitespace), so "an identical definition creates no version" ignores key order and spacing.
 */
export class StateMachines1795314096082 implements MigrationInterface {
  name = 'StateMachines1795314096082';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE state_machines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text COLLATE "C" NOT NULL,
        description text,
        latest_version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT state_machines_name_format CHECK (name ~ '^[A-Za-z0-9_-]{1,80}$'),
        CONSTRAINT state_machines_description_length CHECK (char_length(description) <= 1024),
        CONSTRAINT state_machines_latest_version_positive CHECK (latest_version >= 1)
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX state_machines_live_name_key ON state_machines (name) WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE state_machine_versions (
        state_machine_id uuid NOT NULL REFERENCES state_machines (id) ON DELETE RESTRICT,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        definition_sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (state_machine_id, version),
        CONSTRAINT state_machine_versions_version_positive CHECK (version >= 1),
        CONSTRAINT state_machine_versions_definition_object CHECK (jsonb_typeof(definition) = 'object'),
        CONSTRAINT state_machine_versions_sha256_format CHECK (definition_sha256 ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query(`
      ALTER TABLE state_machines
        ADD CONSTRAINT state_machines_latest_version_fkey
        FOREIGN KEY (id, latest_version) REFERENCES state_machine_versions (state_machine_id, version)
        DEFERRABLE INITIALLY DEFERRED`);
    await queryRunner.query(`
      CREATE FUNCTION state_machine_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'state machine versions are immutable: % refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER state_machine_versions_immutable
        BEFORE UPDATE OR DELETE ON state_machine_versions
        FOR EACH ROW EXECUTE FUNCTION state_machine_versions_immutable()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE state_machines DROP CONSTRAINT state_machines_latest_version_fkey');
    await queryRunner.query('DROP TABLE state_machine_versions');
    await queryRunner.query('DROP FUNCTION state_machine_versions_immutable()');
    await queryRunner.query('DROP TABLE state_machines');
  }
}
