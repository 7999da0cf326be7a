import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Execution } from '../../executions/models/execution.model.js';
import { ScheduleFireKind, ScheduleFireOutcome } from './schedule-enums.js';

/** One decided fire of a schedule and what became of it. */
@ObjectType({ description: 'One decided fire of a schedule and what became of it.' })
export class ScheduleFire {
  @Field(() => Date, { description: 'The nominal fire time (before jitter).' })
  @ApiProperty({ type: String, format: 'date-time' })
  scheduledTime!: string;

  @Field(() => ScheduleFireKind)
  @ApiProperty({ enum: ScheduleFireKind, enumName: 'ScheduleFireKind' })
  kind!: ScheduleFireKind;

  @Field(() => ScheduleFireOutcome)
  @ApiProperty({ enum: ScheduleFireOutcome, enumName: 'ScheduleFireOutcome' })
  outcome!: ScheduleFireOutcome;

  @Field(() => Execution, { nullable: true, description: 'The execution the fire started (STARTED).' })
  @ApiProperty({ type: Execution, nullable: true })
  execution!: Execution | null;

  @Field(() => String, { nullable: true, description: 'Why the fire was skipped or failed, in words.' })
  @ApiProperty({ type: String, nullable: true })
  cause!: string | null;

  @Field(() => Date, { description: 'When the scheduler decided the fire.' })
  @ApiProperty({ type: String, format: 'date-time' })
  decidedAt!: string;

  @Field(() => Date, { nullable: true, description: 'When its execution started (STARTED).' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
}

/** What `backfillSchedule` did: how many fire times the range held, and what became of them. */
@ObjectType({ description: 'What a backfill did with the fire times of its range.' })
export class ScheduleBackfill {
  @Field(() => Int, { description: 'Fire times in the range.' })
  @ApiProperty({ minimum: 0 })
  fires!: number;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  started!: number;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  buffered!: number;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  skipped!: number;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  failed!: number;
}
