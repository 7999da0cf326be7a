import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsUuid } from '../../common/uuid.decorator.js';
import { MAX_BACKFILL_FIRES } from '../../engine/schedules/schedule.commands.js';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../pagination/page-size.js';
import { OverlapPolicy } from '../models/schedule-enums.js';
import { MAX_FIRE_TIMES_PREVIEW, MAX_SCHEDULE_NAME_LENGTH } from '../schedule.rules.js';

/** A query string's `true` / `false` as a boolean; anything else is left for IsBoolean to refuse. */
const booleanText = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Which schedules to list; every field given narrows the list. */
@InputType({ description: 'Which schedules to list; every field given narrows the list.' })
export class SchedulesFilter {
  @Field(() => ID, { nullable: true, description: 'Only schedules of this state machine.' })
  @ApiPropertyOptional({ format: 'uuid', description: 'Only schedules of this state machine.' })
  @IsOptional()
  @IsUuid()
  stateMachineId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only enabled (true) or paused (false) schedules.' })
  @ApiPropertyOptional({ type: Boolean, description: 'Only enabled (true) or paused (false) schedules.' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only schedules whose name starts with this text.' })
  @ApiPropertyOptional({ description: 'Only schedules whose name starts with this text.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SCHEDULE_NAME_LENGTH)
  namePrefix?: string | null;
}

/** `schedules(filter, first, after)` in GraphQL: in name order. */
@ArgsType()
export class SchedulesArgs extends ConnectionArgs {
  @Field(() => SchedulesFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SchedulesFilter)
  filter?: SchedulesFilter | null;
}

/** `GET /schedules?stateMachineId&enabled&namePrefix&first&after` in REST. */
export class SchedulesQuery extends IntersectionType(ConnectionArgs, SchedulesFilter) {}

/** `nextFireTimes(count)` and `GET /schedules/{id}/next-fire-times?count=`. */
@ArgsType()
export class NextFireTimesArgs {
  @Field(() => Int, { description: `How many fire times, 1 to ${MAX_FIRE_TIMES_PREVIEW}.` })
  @ApiProperty({ minimum: 1, maximum: MAX_FIRE_TIMES_PREVIEW })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FIRE_TIMES_PREVIEW)
  count!: number;
}

/** `recentFires(first)` and `GET /schedules/{id}/fires?first=`. */
@ArgsType()
export class RecentFiresArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many fires, 1 to ${MAX_PAGE_SIZE}.`,
  })
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;
}

/** The range and policy of a backfill; REST's body, and GraphQL's arguments with the id. */
@ArgsType()
export class BackfillScheduleBody {
  @Field(() => Date, { description: 'The fire times from this instant (inclusive)...' })
  @ApiProperty({ type: String, format: 'date-time', description: 'Inclusive.' })
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  from!: Date;

  @Field(() => Date, {
    description: `...to this instant (inclusive): at most ${MAX_BACKFILL_FIRES} fire times.`,
  })
  @ApiProperty({ type: String, format: 'date-time', description: 'Inclusive.' })
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  to!: Date;

  @Field(() => OverlapPolicy, { nullable: true, description: "Default: the schedule's own policy." })
  @ApiPropertyOptional({ enum: OverlapPolicy, enumName: 'OverlapPolicy' })
  @IsOptional()
  @IsEnum(OverlapPolicy)
  overlapPolicy?: OverlapPolicy | null;
}

/** `backfillSchedule(id, from, to, overlapPolicy)` in GraphQL. */
@ArgsType()
export class BackfillScheduleArgs extends BackfillScheduleBody {
  @Field(() => ID)
  @IsString()
  id!: string;
}
