import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../identity/role.js';

/**
 * A row of `api_keys`: the key itself is never stored, only its HMAC; the secret access key only
 * encrypted. Keys created before access keys existed have neither access key column.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  @Column('bytea', { name: 'key_hmac' })
  keyHmac!: Buffer;

  @Column('text', { name: 'access_key_id', nullable: true })
  accessKeyId!: string | null;

  @Column('bytea', { name: 'secret_access_key_encrypted', nullable: true })
  secretAccessKeyEncrypted!: Buffer | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
