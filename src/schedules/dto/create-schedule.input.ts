import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString } from 'class-validator';
import { JsonValue } from '../../common/json-value.decorator.js';
import { IsUuid } from '../../common/uuid.decorator.js';
import { JSON_PAYLOAD_DESCRIPTION } from '../../executions/execution.payload.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { OverlapPolicy } from '../models/schedule-enums.js';
import {
  DEFAULT_CATCHUP_WINDOW_SECONDS,
  DEFAULT_TIMEZONE,
  MAX_CATCHUP_WINDOW_SECONDS,
  MAX_JITTER_SECONDS,
  SCHEDULE_NAME_PATTERN,
} from '../schedule.rules.js';

const EXPRESSION_DESCRIPTION =
  'cron(min hour day-of-month month day-of-week year) as EventBridge writes it, a five- or six-field (seconds first) cron, rate(N seconds|minutes|hours|days), or at(yyyy-mm-ddThh:mm:ss) for one fire.';

/**
 * A new schedule. Only the types are checked here; the service checks the name, expression, time
 * zone, window, ranges, input and state machine, and reports every problem of the input at once.
 */
@InputType({ description: 'A new schedule: which state machine to start on which input, and when.' })
export class CreateScheduleInput {
  @Field({ description: 'Unique; 1 to 64 ASCII letters, digits, ".", "-" and "_".' })
  @ApiProperty({ pattern: SCHEDULE_NAME_PATTERN.source, example: 'nightly-report' })
  @IsString()
  name!: string;

  @Field(() => String, { nullable: true, description: 'At most 1024 characters.' })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => ID, { description: 'The state machine to start.' })
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  stateMachineId!: string;

  @Field(() => Int, { nullable: true, description: 'A version to pin. Default: the latest at each fire.' })
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  version?: number | null;

  @Field({ description: EXPRESSION_DESCRIPTION })
  @ApiProperty({ description: EXPRESSION_DESCRIPTION, example: 'cron(0 9 ? * MON-FRI *)' })
  @IsString()
  expression!: string;

  @Field(() => String, { nullable: true, description: `An IANA time zone. Default: ${DEFAULT_TIMEZONE}.` })
  @ApiPropertyOptional({ example: 'Europe/Berlin', default: DEFAULT_TIMEZONE })
  @IsOptional()
  @IsString()
  timezone?: string | null;

  @Field(() => JsonScalar, { nullable: true, description: `${JSON_PAYLOAD_DESCRIPTION} Default: {}.` })
  @ApiPropertyOptional({
    description: `${JSON_PAYLOAD_DESCRIPTION} Default: {}.`,
    example: { report: 'daily' },
  })
  @IsOptional()
  @JsonValue()
  input?: unknown;

  @Field(() => OverlapPolicy, { nullable: true, description: 'Default: SKIP.' })
  @ApiPropertyOptional({ enum: OverlapPolicy, enumName: 'OverlapPolicy', default: OverlapPolicy.SKIP })
  @IsOptional()
  @IsEnum(OverlapPolicy)
  overlapPolicy?: OverlapPolicy | null;

  @Field(() => Int, {
    nullable: true,
    description: `0 to ${MAX_CATCHUP_WINDOW_SECONDS} (7 days). Default: ${DEFAULT_CATCHUP_WINDOW_SECONDS}.`,
  })
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CATCHUP_WINDOW_SECONDS,
    default: DEFAULT_CATCHUP_WINDOW_SECONDS,
  })
  @IsOptional()
  @IsInt()
  catchupWindowSeconds?: number | null;

  @Field(() => Int, { nullable: true, description: `0 to ${MAX_JITTER_SECONDS} (1 day). Default: 0.` })
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_JITTER_SECONDS, default: 0 })
  @IsOptional()
  @IsInt()
  jitterSeconds?: number | null;

  @Field(() => Date, { nullable: true, description: 'No fire before this instant.' })
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  // REST bodies carry text; GraphQL already gives a Date.
  @Type(() => Date)
  @IsDate({ message: 'startAt must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  startAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'No fire after this instant.' })
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'endAt must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  endAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'False creates the schedule paused. Default: true.' })
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}
