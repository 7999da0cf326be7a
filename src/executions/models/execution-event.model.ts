import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { Json } from '../../asl/json.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** One entry of an execution's append-only history, as AWS Step Functions records it. */
@ObjectType({ description: "One entry of an execution's append-only history." })
export class ExecutionEvent {
  @Field(() => Int, { description: 'Position in the history: 1, 2, 3... without gaps (AWS: id).' })
  @ApiProperty({ minimum: 1, example: 1 })
  seq!: number;

  @Field({ description: 'The AWS event type, e.g. ExecutionStarted, TaskScheduled, PassStateExited.' })
  @ApiProperty({ example: 'ExecutionStarted' })
  type!: string;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  timestamp!: string;

  @Field(() => String, { nullable: true, description: 'The state the event is about, if any.' })
  @ApiProperty({ type: String, nullable: true, example: 'Hello' })
  stateName!: string | null;

  @Field(() => Int, { nullable: true, description: 'The seq of the event this one follows from.' })
  @ApiProperty({ type: Number, nullable: true, example: 0 })
  previousEventId!: number | null;

  @Field(() => JsonScalar, { description: "The event's details, as in AWS's `<type>EventDetails`." })
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Json;
}

@ObjectType()
export class ExecutionEventConnection extends Connection(ExecutionEvent) {}
