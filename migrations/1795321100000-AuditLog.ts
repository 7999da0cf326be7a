import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per security-relevant act, hash-chained (docs/security.md).
 *
 * - `seq` is assigned by the writer as the previous row's plus one, under a transaction-scoped
 *   advisory lock, so the chain is linear and has no gaps: a missing `seq` is a deleted row.
 * - `hash` is SHA-256 over `prev_hash` and the row's canonical serialization (src/audit); the
 *   first row's `prev_hash` is 64 zeros. `npm run audit:verify` recomputes the chain.
 * - Rows are append-only for everyone who does not disable triggers: UPDATE, DELETE and TRUNCATE
 *   are refused. A superuser can still get around it; the chain is what reveals that.
 */
export class AuditLog1795321100000 implements MigrationInterface {
  name = 'AuditLog1795321100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_type text NOT NULL,
        actor_id uuid,
        operation text NOT NULL,
        target_ids text[] NOT NULL,
        outcome text NOT NULL,
        error_code text,
        ip text,
        request_id text,
        details jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_log_seq_positive CHECK (seq >= 1),
        CONSTRAINT audit_log_actor_known CHECK (actor_type IN ('user', 'api_key', 'anonymous')),
        CONSTRAINT audit_log_actor_id CHECK ((actor_type = 'anonymous') = (actor_id IS NULL)),
        CONSTRAINT audit_log_outcome_known CHECK (outcome IN ('success', 'denied', 'failed')),
        CONSTRAINT audit_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query('CREATE INDEX audit_log_by_actor ON audit_log (actor_id, seq)');
    await queryRunner.query('CREATE INDEX audit_log_by_operation ON audit_log (operation, seq)');
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate
        BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_log');
    await queryRunner.query('DROP FUNCTION audit_log_append_only()');
  }
}
