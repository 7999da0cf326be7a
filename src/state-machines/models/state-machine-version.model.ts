import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { JsonObject } from '../../asl/json.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** One immutable definition of a state machine; executions run a version. */
@ObjectType({ description: 'One immutable definition of a state machine; executions run a version.' })
export class StateMachineVersion {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  stateMachineId!: string;

  @Field(() => Int, { description: '1 for the first definition, one more for each change.' })
  @ApiProperty({ minimum: 1, example: 1 })
  version!: number;

  @Field(() => JsonScalar, { description: 'The Amazon States Language definition.' })
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The ASL definition.' })
  definition!: JsonObject;

  @Field()
  @ApiProperty()
  createdAt!: Date;
}

@ObjectType()
export class StateMachineVersionConnection extends Connection(StateMachineVersion) {}
