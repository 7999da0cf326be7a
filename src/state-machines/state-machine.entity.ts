import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A row of `state_machines`: the name and description; definitions live in its versions. */
@Entity({ name: 'state_machines' })
export class StateMachineEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** The highest version; written under the row lock, with the version row it names. */
  @Column('integer', { name: 'latest_version' })
  latestVersion!: number;

  /** Filled by the database's default; TypeORM reads it back on insert. */
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** TypeORM sets it to the transaction's time on every update. */
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  /** Set by a delete; the row and its versions stay for the executions that reference them. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
