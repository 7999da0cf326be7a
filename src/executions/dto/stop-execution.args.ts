import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from '../execution.rules.js';

/** `stopExecution(id, error, cause)`: the error and cause recorded in ExecutionAborted. */
@ArgsType()
export class StopExecutionArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: `An error name, at most ${MAX_ERROR_LENGTH} characters.`,
  })
  @ApiPropertyOptional({ maxLength: MAX_ERROR_LENGTH, example: 'Cancelled' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ERROR_LENGTH)
  error?: string | null;

  @Field(() => String, { nullable: true, description: `Why, at most ${MAX_CAUSE_LENGTH} characters.` })
  @ApiPropertyOptional({ maxLength: MAX_CAUSE_LENGTH, example: 'The customer cancelled the order' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CAUSE_LENGTH)
  cause?: string | null;
}

/** The REST body of `POST /executions/{id}/stop`: the id is in the path. */
export class StopExecutionBody extends OmitType(StopExecutionArgs, ['id']) {}
