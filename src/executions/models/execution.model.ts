import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { Json } from '../../asl/json.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { ExecutionStatus } from './execution-status.enum.js';
import { ExecutionTriggerInfo } from './execution-trigger.model.js';

const JSON_VALUE = { description: 'Any JSON value.', nullable: true } as const;

/** The state machine an execution runs, as it was named when the execution was read. */
@ObjectType({ description: 'The state machine an execution runs (also after the machine is deleted).' })
export class ExecutionStateMachine {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field()
  @ApiProperty({ example: 'order-fulfilment' })
  name!: string;
}

/**
 * One run of a state machine version on one input. Instants are ISO-8601 strings with the
 * database's microseconds, so a client can compare them exactly with the cursors it receives.
 */
@ObjectType({ description: 'One run of a state machine version on one JSON input.' })
export class Execution {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({
    description: 'Unique per state machine; a repeated start with the same name returns this execution.',
  })
  @ApiProperty({ example: 'order-1234' })
  name!: string;

  @Field(() => ExecutionStatus)
  @ApiProperty({ enum: ExecutionStatus, enumName: 'ExecutionStatus' })
  status!: ExecutionStatus;

  @Field(() => JsonScalar, { description: 'The input the execution started with.' })
  @ApiProperty(JSON_VALUE)
  input!: Json;

  @Field(() => JsonScalar, { nullable: true, description: 'The output of a SUCCEEDED execution.' })
  @ApiProperty(JSON_VALUE)
  output!: Json | null;

  @Field(() => String, {
    nullable: true,
    description: 'The error name of a FAILED, TIMED_OUT or ABORTED execution.',
  })
  @ApiProperty({ type: String, nullable: true, example: 'States.TaskFailed' })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'What caused the error, in words.' })
  @ApiProperty({ type: String, nullable: true })
  cause!: string | null;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: string;

  @Field(() => Date, { nullable: true, description: 'When the execution ended; null while RUNNING.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  stoppedAt!: string | null;

  @Field(() => ExecutionStateMachine)
  @ApiProperty({ type: ExecutionStateMachine })
  stateMachine!: ExecutionStateMachine;

  @Field(() => Int, { description: 'The version of the state machine this execution runs.' })
  @ApiProperty({ minimum: 1, example: 1 })
  version!: number;

  @Field(() => Int, { description: 'How many times the execution was redriven.' })
  @ApiProperty({ minimum: 0, example: 0 })
  redriveCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the execution was last redriven.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  redrivenAt!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The execution whose states:startExecution task started this one.',
  })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentExecutionId!: string | null;

  @Field(() => ExecutionTriggerInfo)
  @ApiProperty({ type: ExecutionTriggerInfo })
  trigger!: ExecutionTriggerInfo;

  @Field({
    description:
      'Whether an operator paused this RUNNING execution (pauseExecution): it enters no state until resumed.',
  })
  @ApiProperty()
  paused!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was paused; null when not paused.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pausedAt!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Who paused it: a user's email or an API key's name; null when not paused.",
  })
  @ApiProperty({ type: String, nullable: true })
  pausedBy!: string | null;
}

@ObjectType()
export class ExecutionConnection extends Connection(Execution) {}
