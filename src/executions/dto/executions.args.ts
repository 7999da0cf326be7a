import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_NAME_LENGTH } from '../../common/identifiers.js';
import { IsUuid } from '../../common/uuid.decorator.js';
import { MAX_ERROR_LENGTH } from '../execution.rules.js';
import { INPUT_CONDITION_FORM } from '../input-condition.js';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';
import { ExecutionStatus } from '../models/execution-status.enum.js';

/** Trigrams need three characters; a longer text is no longer a search but a quote. */
const CAUSE_CONTAINS_MIN = 3;
const CAUSE_CONTAINS_MAX = 200;
const MAX_INPUT_CONDITION_LENGTH = 2000;

/** Which executions to list; every field given narrows the list. */
@InputType({ description: 'Which executions to list; every field given narrows the list.' })
export class ExecutionsFilter {
  @Field(() => ID, { nullable: true, description: 'Only executions of this state machine.' })
  @ApiPropertyOptional({ format: 'uuid', description: 'Only executions of this state machine.' })
  @IsOptional()
  @IsUuid()
  stateMachineId?: string | null;

  @Field(() => ExecutionStatus, { nullable: true, description: 'Only executions with this status.' })
  @ApiPropertyOptional({ enum: ExecutionStatus, enumName: 'ExecutionStatus' })
  @IsOptional()
  @IsEnum(ExecutionStatus)
  status?: ExecutionStatus | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Only executions started after this instant (exclusive, to the millisecond).',
  })
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Exclusive.' })
  @IsOptional()
  // REST query strings arrive as text; GraphQL already gives a Date.
  @Type(() => Date)
  @IsDate({ message: 'startedAfter must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  startedAfter?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Only executions started before this instant (exclusive, to the millisecond).',
  })
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Exclusive.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'startedBefore must be an ISO-8601 date-time, like 2026-01-31T12:00:00Z' })
  startedBefore?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only executions whose name starts with this text.' })
  @ApiPropertyOptional({ description: 'Only executions whose name starts with this text.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  namePrefix?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Only executions of this version of the state machine; needs stateMachineId.',
  })
  @ApiPropertyOptional({ minimum: 1, description: 'A version of stateMachineId; needs stateMachineId.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only executions that ended with this error, exactly (e.g. States.TaskFailed).',
  })
  @ApiPropertyOptional({ maxLength: MAX_ERROR_LENGTH, example: 'States.TaskFailed' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ERROR_LENGTH)
  errorName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Only executions whose cause contains this text, ignoring case (${CAUSE_CONTAINS_MIN} to ${CAUSE_CONTAINS_MAX} characters).`,
  })
  @ApiPropertyOptional({ minLength: CAUSE_CONTAINS_MIN, maxLength: CAUSE_CONTAINS_MAX, example: 'timeout' })
  @IsOptional()
  @IsString()
  @MinLength(CAUSE_CONTAINS_MIN)
  @MaxLength(CAUSE_CONTAINS_MAX)
  causeContains?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Only executions whose input holds this value at this path: ${INPUT_CONDITION_FORM}.`,
  })
  @ApiPropertyOptional({
    maxLength: MAX_INPUT_CONDITION_LENGTH,
    example: '$.customerId == "c-42"',
    description: INPUT_CONDITION_FORM,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_INPUT_CONDITION_LENGTH)
  input?: string | null;
}

/** `executions(filter, first, after)` in GraphQL: newest first. */
@ArgsType()
export class ExecutionsArgs extends ConnectionArgs {
  @Field(() => ExecutionsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionsFilter)
  filter?: ExecutionsFilter | null;
}

/**
 * `GET /executions?stateMachineId&version&status&startedAfter&startedBefore&namePrefix&errorName&causeContains&input&first&after`
 * in REST.
 */
export class ExecutionsQuery extends IntersectionType(ConnectionArgs, ExecutionsFilter) {}
