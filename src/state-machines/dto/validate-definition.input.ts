import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';
import { JsonValue } from '../../common/json-value.decorator.js';
import { DEFINITION_API_PROPERTY } from './definition.property.js';

/** The REST body of `POST /state-machines/validate`; GraphQL takes the definition as an argument. */
export class ValidateDefinitionInput {
  @ApiProperty(DEFINITION_API_PROPERTY)
  @IsDefined()
  @JsonValue()
  definition!: unknown;
}
