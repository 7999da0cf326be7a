import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One statement appends an audit row: `audit_log_append` takes the chain's transaction-scoped
 * advisory lock, reads the last row, computes the new row's `seq` and `hash` and inserts it. Done
 * from the client, that was three round trips with the lock held across all of them; every audited
 * act (every start, every mutation) queues on that lock, so the time it is held bounds their rate.
 *
 * The hash is the one src/audit/audit.chain.ts defines: the client sends the canonical JSON of the
 * row's other columns cut where `seq` goes (hashedTextAround), PostgreSQL adds `prev_hash` and
 * `seq`, which it learns only under the lock. The function is VOLATILE, so in READ COMMITTED its
 * read of the last row takes a snapshot after the lock is granted and sees the previous holder's
 * committed row. `npm run audit:verify` recomputes every hash in Node.
 */
export class AuditAppend1795321200000 implements MigrationInterface {
  name = 'AuditAppend1795321200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append(
        p_occurred_at timestamptz, p_actor_type text, p_actor_id uuid, p_operation text,
        p_target_ids text[], p_outcome text, p_error_code text, p_ip text, p_request_id text,
        p_details jsonb, p_hashed_before_seq text, p_hashed_after_seq text
      ) RETURNS TABLE (seq bigint, prev_hash text, hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('stepgraph.audit_log'));
        SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
        seq := COALESCE(last_seq, 0) + 1;
        prev_hash := COALESCE(last_hash, repeat('0', 64));
        hash := encode(sha256(convert_to(
          prev_hash || E'\\n' || p_hashed_before_seq || seq::text || p_hashed_after_seq, 'UTF8')), 'hex');
        INSERT INTO audit_log (seq, occurred_at, actor_type, actor_id, operation, target_ids, outcome,
                               error_code, ip, request_id, details, prev_hash, hash)
        VALUES (seq, p_occurred_at, p_actor_type, p_actor_id, p_operation, p_target_ids, p_outcome,
                p_error_code, p_ip, p_request_id, p_details, prev_hash, hash);
        RETURN NEXT;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION audit_log_append(timestamptz, text, uuid, text, text[], text, text, text, text, jsonb, text, text)',
    );
  }
}
