import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A row of `refresh_tokens`: the SHA-256 of a token, the session it belongs to, whether it was used. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn('bytea', { name: 'token_sha256' })
  tokenSha256!: Buffer;

  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  /** Set when the token was exchanged; presenting it again is reuse. */
  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
