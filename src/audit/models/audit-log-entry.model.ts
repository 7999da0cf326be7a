import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** The outcomes of audited acts, as GraphQL and REST expose them. */
export enum AuditOutcomeValue {
  success = 'success',
  denied = 'denied',
  failed = 'failed',
}

registerEnumType(AuditOutcomeValue, {
  name: 'AuditOutcome',
  description: 'success; denied (by access control or a rate limit); failed (any other error).',
});

/** One row of the audit log. */
@ObjectType({ description: 'One row of the hash-chained audit log.' })
export class AuditLogEntry {
  @Field(() => Int, { description: 'Position in the chain, from 1, without gaps.' })
  @ApiProperty()
  seq!: number;

  @Field()
  @ApiProperty()
  occurredAt!: Date;

  @Field({ description: 'user, api_key or anonymous.' })
  @ApiProperty({ enum: ['user', 'api_key', 'anonymous'] })
  actorType!: string;

  @Field(() => ID, { nullable: true, description: 'The user or API key that acted.' })
  @ApiPropertyOptional({ type: String, nullable: true })
  actorId!: string | null;

  @Field({ description: 'A GraphQL field, a REST route, or an event such as auth.login.' })
  @ApiProperty()
  operation!: string;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  targetIds!: readonly string[];

  @Field(() => AuditOutcomeValue)
  @ApiProperty({ enum: AuditOutcomeValue })
  outcome!: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true })
  requestId!: string | null;

  @Field(() => JsonScalar, { nullable: true })
  @ApiPropertyOptional({ type: Object, nullable: true })
  details!: unknown;

  @Field({ description: "SHA-256 of prevHash and this row's canonical serialization." })
  @ApiProperty()
  hash!: string;

  @Field()
  @ApiProperty()
  prevHash!: string;
}

@ObjectType()
export class AuditLogEntryConnection extends Connection(AuditLogEntry) {}
