import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';
import { MAX_NAME_LENGTH } from '../state-machine.rules.js';

const NAME_CONTAINS_DESCRIPTION = 'Only state machines whose name contains this text, ignoring case.';

/** Which state machines to list. */
@InputType({ description: 'Which state machines to list.' })
export class StateMachineFilter {
  @Field(() => String, { nullable: true, description: NAME_CONTAINS_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  nameContains?: string | null;
}

/** `stateMachines(first, after, filter)` in GraphQL. */
@ArgsType()
export class StateMachinesArgs extends ConnectionArgs {
  @Field(() => StateMachineFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => StateMachineFilter)
  filter?: StateMachineFilter | null;
}

/** `GET /state-machines?first&after&nameContains` in REST: the same filter, flat in the query. */
export class StateMachinesQuery extends ConnectionArgs {
  @ApiPropertyOptional({ description: NAME_CONTAINS_DESCRIPTION, maxLength: MAX_NAME_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  nameContains?: string;
}
