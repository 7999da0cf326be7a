import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A row of `state_machine_versions`: immutable once written (a trigger refuses changes). */
@Entity({ name: 'state_machine_versions' })
export class StateMachineVersionEntity {
  @PrimaryColumn('uuid', { name: 'state_machine_id' })
  stateMachineId!: string;

  /** 1 for the first definition, then one more for each definition that differs from the latest. */
  @PrimaryColumn('integer')
  version!: number;

  /**
   * A JSON object: the validator accepted it. Typed loosely because TypeORM's deep partial types
   * cannot expand the recursive JsonObject.
   */
  @Column('jsonb')
  definition!: object;

  /** SHA-256 (hex) of the definition's canonical JSON (see state-machine.definition.ts). */
  @Column('text', { name: 'definition_sha256' })
  definitionSha256!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
