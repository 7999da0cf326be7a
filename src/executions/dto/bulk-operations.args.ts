import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from '../execution.rules.js';
import { ExecutionsFilter } from './executions.args.js';

/** `redriveExecutions(filter, dryRun)`; the REST body of `POST /executions/redrive`. */
@ArgsType()
export class RedriveExecutionsArgs {
  @Field(() => ExecutionsFilter, { description: 'Which executions; an empty filter matches every one.' })
  @ApiProperty({ type: ExecutionsFilter })
  // Required, even empty: an operation on every execution must be asked for as `filter: {}`.
  @IsDefined({ message: 'filter is required; {} matches every execution' })
  @ValidateNested()
  @Type(() => ExecutionsFilter)
  filter!: ExecutionsFilter;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: only count the executions it would act on and show some; nothing changes.',
  })
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean | null;
}

/** `stopExecutions(filter, error, cause, dryRun)`; the REST body of `POST /executions/stop`. */
@ArgsType()
export class StopExecutionsArgs extends RedriveExecutionsArgs {
  @Field(() => String, {
    nullable: true,
    description: `The error name each ExecutionAborted records, at most ${MAX_ERROR_LENGTH} characters.`,
  })
  @ApiPropertyOptional({ maxLength: MAX_ERROR_LENGTH, example: 'Cancelled' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ERROR_LENGTH)
  error?: string | null;

  @Field(() => String, { nullable: true, description: `Why, at most ${MAX_CAUSE_LENGTH} characters.` })
  @ApiPropertyOptional({ maxLength: MAX_CAUSE_LENGTH, example: 'Upstream outage' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CAUSE_LENGTH)
  cause?: string | null;
}
