import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys get an AWS-style access key pair for Signature Version 4 (the AWS Step Functions
 * endpoint). SigV4 recomputes an HMAC keyed by the secret itself, so the secret access key cannot
 * be hashed like the bearer key: it is kept encrypted (AES-256-GCM, `iv ‖ ciphertext ‖ tag`) under a
 * key the database never sees (src/auth/access-key.ts). Keys created before this migration have
 * neither column and keep working as bearer keys; both columns are set together or not at all. The
 * unique index is also the lookup of a signed request's key.
 */
export class ApiKeyAccessKeys1795322100000 implements MigrationInterface {
  name = 'ApiKeyAccessKeys1795322100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE api_keys
        ADD COLUMN access_key_id text COLLATE "C",
        ADD COLUMN secret_access_key_encrypted bytea,
        ADD CONSTRAINT api_keys_access_key_pair
          CHECK ((access_key_id IS NULL) = (secret_access_key_encrypted IS NULL)),
        ADD CONSTRAINT api_keys_access_key_id_shape CHECK (access_key_id ~ '^SGAK[A-Z2-7]{16}$')`);
    await queryRunner.query('CREATE UNIQUE INDEX api_keys_access_key_id_key ON api_keys (access_key_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX api_keys_access_key_id_key');
    await queryRunner.query(`
      ALTER TABLE api_keys
        DROP CONSTRAINT api_keys_access_key_id_shape,
        DROP CONSTRAINT api_keys_access_key_pair,
        DROP COLUMN secret_access_key_encrypted,
        DROP COLUMN access_key_id`);
  }
}
