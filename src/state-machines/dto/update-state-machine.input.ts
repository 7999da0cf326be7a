import { Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { JsonValue } from '../../common/json-value.decorator.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { MAX_DESCRIPTION_LENGTH } from '../state-machine.rules.js';
import { DEFINITION_API_PROPERTY, DEFINITION_DESCRIPTION } from './definition.property.js';

/** Changes to a state machine: leave a field out to keep it. */
@InputType({ description: 'Changes to a state machine: leave a field out to keep it.' })
export class UpdateStateMachineInput {
  @Field(() => JsonScalar, {
    nullable: true,
    description: `${DEFINITION_DESCRIPTION} Becomes a new version unless it equals the latest one.`,
  })
  @ApiPropertyOptional({
    ...DEFINITION_API_PROPERTY,
    description: `${DEFINITION_DESCRIPTION} Becomes a new version unless it equals the latest one.`,
  })
  // Absent means "keep"; an explicit null reaches the service, which refuses it as a definition.
  @IsOptional()
  @JsonValue()
  definition?: unknown;

  @Field(() => String, {
    nullable: true,
    description: `At most ${MAX_DESCRIPTION_LENGTH} characters; null clears it. Creates no version.`,
  })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString()
  description?: string | null;
}
