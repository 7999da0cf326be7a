import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Traces (docs/tracing.md). An execution runs across many jobs and processes, so its trace context
 * travels with its row: `executions.traceparent` (W3C form: its trace id and the id of its root
 * span, written when the execution ends) and `executions.trace_link` (the span of the request,
 * schedule fire or webhook call that started it, which the root span links to). Both NULL when
 * tracing was off at the start. Added on the partitioned parent: existing week partitions get the
 * columns with it (no rewrite: nullable, no default), and new ones are made LIKE the parent.
 *
 * `audit_log.trace_id`: the trace of the act (an execution's, for what the engine audits), hashed
 * with the row when present; `audit_log_append` takes it as a thirteenth argument.
 */
export class TraceContext1795322300000 implements MigrationInterface {
  name = 'TraceContext1795322300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE executions ADD COLUMN traceparent text, ADD COLUMN trace_link text');
    await queryRunner.query('ALTER TABLE audit_log ADD COLUMN trace_id text');
    await queryRunner.query(
      'DROP FUNCTION audit_log_append(timestamptz, text, uuid, text, text[], text, text, text, text, jsonb, text, text)',
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append(
        p_occurred_at timestamptz, p_actor_type text, p_actor_id uuid, p_operation text,
        p_target_ids text[], p_outcome text, p_error_code text, p_ip text, p_request_id text,
        p_details jsonb, p_hashed_before_seq text, p_hashed_after_seq text, p_trace_id text
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
                               error_code, ip, request_id, details, prev_hash, hash, trace_id)
        VALUES (seq, p_occurred_at, p_actor_type, p_actor_id, p_operation, p_target_ids, p_outcome,
                p_error_code, p_ip, p_request_id, p_details, prev_hash, hash, p_trace_id);
        RETURN NEXT;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION audit_log_append(timestamptz, text, uuid, text, text[], text, text, text, text, jsonb, text, text, text)',
    );
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
    await queryRunner.query('ALTER TABLE audit_log DROP COLUMN trace_id');
    await queryRunner.query('ALTER TABLE executions DROP COLUMN traceparent, DROP COLUMN trace_link');
  }
}
