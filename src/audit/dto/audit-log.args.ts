import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsUuid } from '../../common/uuid.decorator.js';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';
import { AuditOutcomeValue } from '../models/audit-log-entry.model.js';

/** Longest operation name a filter may name. */
const MAX_OPERATION_LENGTH = 200;

/** Which audit rows to list; every field set must match. */
@InputType({ description: 'Which audit rows to list; every field set must match.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true })
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ maxLength: MAX_OPERATION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_OPERATION_LENGTH)
  operation?: string | null;

  @Field(() => AuditOutcomeValue, { nullable: true })
  @ApiPropertyOptional({ enum: AuditOutcomeValue })
  @IsOptional()
  @IsEnum(AuditOutcomeValue)
  outcome?: AuditOutcomeValue | null;

  @Field(() => Date, { nullable: true, description: 'Rows at or after this instant.' })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Rows before this instant.' })
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date | null;
}

/** `auditLog(filter, first, after)`: newest first. */
@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => AuditLogFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditLogFilter)
  filter?: AuditLogFilter | null;
}

/** `GET /api/v1/audit?first&after&actorId&operation&outcome&since&until`: the same, flat. */
export class AuditLogQuery extends ConnectionArgs {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  actorId?: string;

  @ApiPropertyOptional({ maxLength: MAX_OPERATION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_OPERATION_LENGTH)
  operation?: string;

  @ApiPropertyOptional({ enum: AuditOutcomeValue })
  @IsOptional()
  @IsEnum(AuditOutcomeValue)
  outcome?: AuditOutcomeValue;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}
