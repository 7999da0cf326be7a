import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString } from 'class-validator';
import { JsonValue } from '../../common/json-value.decorator.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, NAME_PATTERN } from '../state-machine.rules.js';
import { DEFINITION_API_PROPERTY, DEFINITION_DESCRIPTION } from './definition.property.js';

/**
 * A new state machine. The service checks the name, the description and the definition, and
 * reports every problem at once; class-validator only checks the types here.
 */
@InputType({ description: 'A new state machine; its definition becomes version 1.' })
export class CreateStateMachineInput {
  @Field({ description: `1 to ${MAX_NAME_LENGTH} ASCII letters, digits, "-" and "_"; unique.` })
  @ApiProperty({ pattern: NAME_PATTERN.source, maxLength: MAX_NAME_LENGTH, example: 'order-fulfilment' })
  @IsString()
  name!: string;

  @Field(() => JsonScalar, { description: DEFINITION_DESCRIPTION })
  @ApiProperty(DEFINITION_API_PROPERTY)
  @IsDefined()
  @JsonValue()
  definition!: unknown;

  @Field(() => String, { nullable: true, description: `At most ${MAX_DESCRIPTION_LENGTH} characters.` })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString()
  description?: string | null;
}
