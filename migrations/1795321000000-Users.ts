import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, their sessions and refresh tokens, and API keys (docs/security.md).
 *
 * - `email` is stored lowercased and trimmed by the application, so the plain unique index is the
 *   case-insensitive one; `password_hash` is an argon2id PHC string, never anything reversible.
 * - A session is one refresh-token family: a login starts it, every refresh adds a token to it,
 *   and revoking it (logout, reuse of a used token, the user disabled) ends every token of the
 *   family and every access token issued in it (they carry the session id, checked per request).
 * - Refresh tokens and API keys are random and high-entropy: only a SHA-256 (refresh tokens) or an
 *   HMAC-SHA-256 (API keys) of them is stored, so a copy of the database signs nobody in.
 */
export class Users1795321000000 implements MigrationInterface {
  name = 'Users1795321000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_normalized CHECK (email = lower(btrim(email)) AND char_length(email) <= 254),
        CONSTRAINT users_role_known CHECK (role IN ('admin', 'editor', 'operator', 'viewer')),
        CONSTRAINT users_password_hash_argon2id CHECK (password_hash LIKE '$argon2id$%')
      )`);
    await queryRunner.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT auth_sessions_revocation CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
        CONSTRAINT auth_sessions_reason_known
          CHECK (revoked_reason IN ('logout', 'refresh_token_reuse', 'user_disabled'))
      )`);
    await queryRunner.query(`
      CREATE INDEX auth_sessions_live_by_user ON auth_sessions (user_id) WHERE revoked_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        token_sha256 bytea PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT refresh_tokens_sha256_length CHECK (octet_length(token_sha256) = 32)
      )`);
    await queryRunner.query('CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id)');
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        key_hmac bytea NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_keys_key_hmac_key UNIQUE (key_hmac),
        CONSTRAINT api_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
        CONSTRAINT api_keys_role_known CHECK (role IN ('admin', 'editor', 'operator', 'viewer', 'worker')),
        CONSTRAINT api_keys_key_hmac_length CHECK (octet_length(key_hmac) = 32)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
    await queryRunner.query('DROP TABLE refresh_tokens');
    await queryRunner.query('DROP TABLE auth_sessions');
    await queryRunner.query('DROP TABLE users');
  }
}
