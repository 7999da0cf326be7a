import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Why a session ended. */
export type SessionRevocationReason = 'logout' | 'refresh_token_reuse' | 'user_disabled';

/** A row of `auth_sessions`: one login, i.e. one refresh-token family. */
@Entity({ name: 'auth_sessions' })
export class UserSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason!: SessionRevocationReason | null;
}
