import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks and the deliveries their idempotency keys name.
 *
 * - `webhooks`: a hook starts executions of one state machine when a signed POST reaches
 *   `/hooks/<id>`. HMAC verification needs the secret itself, so it cannot be hashed: it is kept
 *   encrypted (AES-256-GCM, `iv ‖ ciphertext ‖ tag`) under a key the database never sees
 *   (src/webhooks/webhook-secret.cipher.ts). A rotation moves the current secret to
 *   `previous_secret_encrypted` until `previous_secret_expires_at`; the intake compares that time
 *   with the database's clock, so every API process agrees when the overlap ends.
 * - `webhook_deliveries`: one row per idempotency key a hook accepted, written in the transaction
 *   that starts its execution. The primary key makes a second start for the same key impossible,
 *   also for two calls racing; a repeat finds the row and answers with its execution. Deleted with
 *   the hook; executions keep the hook's id (no foreign key: they outlive it).
 */
export class Webhooks1795321600000 implements MigrationInterface {
  name = 'Webhooks1795321600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text COLLATE "C" NOT NULL,
        description text,
        state_machine_id uuid NOT NULL REFERENCES state_machines (id),
        signature text NOT NULL,
        secret_encrypted bytea NOT NULL,
        previous_secret_encrypted bytea,
        previous_secret_expires_at timestamptz,
        input_transform text,
        idempotency_header text NOT NULL DEFAULT 'Idempotency-Key',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhooks_name_key UNIQUE (name),
        CONSTRAINT webhooks_name_format CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
        CONSTRAINT webhooks_description_length CHECK (char_length(description) <= 1024),
        CONSTRAINT webhooks_signature_check CHECK (signature IN ('STEPGRAPH', 'GITHUB')),
        CONSTRAINT webhooks_input_transform_length CHECK (char_length(input_transform) BETWEEN 1 AND 16384),
        CONSTRAINT webhooks_idempotency_header_format
          CHECK (idempotency_header ~ '^[A-Za-z0-9-]{1,64}$'),
        CONSTRAINT webhooks_previous_secret_expiry
          CHECK ((previous_secret_encrypted IS NULL) = (previous_secret_expires_at IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX webhooks_state_machine_idx ON webhooks (state_machine_id)');
    await queryRunner.query('CREATE INDEX webhooks_created_idx ON webhooks (created_at DESC, id DESC)');
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        idempotency_key text NOT NULL,
        execution_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (webhook_id, idempotency_key),
        CONSTRAINT webhook_deliveries_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_deliveries');
    await queryRunner.query('DROP TABLE webhooks');
  }
}
