import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { Json } from '../../asl/json.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { OverlapPolicy } from './schedule-enums.js';

/** The state machine a schedule starts. */
@ObjectType({ description: 'The state machine a schedule starts.' })
export class ScheduleStateMachine {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field()
  @ApiProperty({ example: 'nightly-report' })
  name!: string;
}

/**
 * A schedule: which state machine to start on which input, and when. Instants are RFC 3339
 * strings in UTC; `nextFireTime` is the scheduler's cursor, the next fire not yet decided.
 */
@ObjectType({ description: 'Starts executions of a state machine on a cron, rate or at() expression.' })
export class Schedule {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'Unique; 1 to 64 ASCII letters, digits, ".", "-" and "_".' })
  @ApiProperty({ example: 'nightly-report' })
  name!: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @Field(() => ScheduleStateMachine)
  @ApiProperty({ type: ScheduleStateMachine })
  stateMachine!: ScheduleStateMachine;

  @Field(() => Int, {
    nullable: true,
    description: 'The pinned version of the state machine; null starts the latest version at each fire.',
  })
  @ApiProperty({ type: Number, nullable: true, minimum: 1 })
  version!: number | null;

  @Field({ description: 'cron(...), a five- or six-field cron, rate(N unit) or at(yyyy-mm-ddThh:mm:ss).' })
  @ApiProperty({ example: 'cron(0 9 ? * MON-FRI *)' })
  expression!: string;

  @Field({ description: 'The IANA time zone the expression is read in.' })
  @ApiProperty({ example: 'Europe/Berlin' })
  timezone!: string;

  @Field(() => JsonScalar, {
    nullable: true,
    description: 'The input of every execution the schedule starts (null: the JSON value null).',
  })
  @ApiProperty({ description: 'Any JSON value.', nullable: true })
  input!: Json;

  @Field(() => OverlapPolicy)
  @ApiProperty({ enum: OverlapPolicy, enumName: 'OverlapPolicy' })
  overlapPolicy!: OverlapPolicy;

  @Field(() => Int, {
    description: 'Fires missed by at most this many seconds are still run after downtime.',
  })
  @ApiProperty({ minimum: 0, example: 60 })
  catchupWindowSeconds!: number;

  @Field(() => Int, { description: 'Each fire is delayed by a fixed amount below this many seconds.' })
  @ApiProperty({ minimum: 0, example: 0 })
  jitterSeconds!: number;

  @Field(() => Date, { nullable: true, description: 'No fire before this instant.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startAt!: string | null;

  @Field(() => Date, { nullable: true, description: 'No fire after this instant.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endAt!: string | null;

  @Field({ description: 'False while paused.' })
  @ApiProperty()
  enabled!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'The next fire time not yet decided (before jitter); null when no fire is left.',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextFireTime!: string | null;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

@ObjectType()
export class ScheduleConnection extends Connection(Schedule) {}
