import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_NAME_LENGTH } from '../../common/identifiers.js';
import { IsUuid } from '../../common/uuid.decorator.js';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';
import { ExecutionStatus } from '../models/execution-status.enum.js';

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

/** `GET /executions?stateMachineId&status&startedAfter&startedBefore&namePrefix&first&after` in REST. */
export class ExecutionsQuery extends IntersectionType(ConnectionArgs, ExecutionsFilter) {}
