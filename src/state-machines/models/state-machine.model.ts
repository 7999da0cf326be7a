import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { JsonObject } from '../../asl/json.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** A named state machine and its latest version. */
@ObjectType({
  description: 'An Amazon States Language definition stored under a name; every change is a new version.',
})
export class StateMachine {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'Unique among state machines that are not deleted.' })
  @ApiProperty({ example: 'order-fulfilment' })
  name!: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @Field(() => JsonScalar, { description: 'The definition of the latest version.' })
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The ASL definition of the latest version.',
  })
  definition!: JsonObject;

  @Field(() => Int, { description: 'The latest version: executions start on it unless told otherwise.' })
  @ApiProperty({ minimum: 1, example: 1 })
  version!: number;

  @Field()
  @ApiProperty()
  createdAt!: Date;

  @Field({ description: 'When the description changed or a version was added.' })
  @ApiProperty()
  updatedAt!: Date;
}

@ObjectType()
export class StateMachineConnection extends Connection(StateMachine) {}
