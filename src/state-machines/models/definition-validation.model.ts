import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** One fault of a definition and where it is. */
@ObjectType({ description: 'One fault of a definition and where it is.' })
export class DefinitionDiagnostic {
  @Field({
    description: 'The JSON path of the fault in the definition, e.g. `$.States.Check.Choices[1].Next`.',
  })
  @ApiProperty({ example: '$.States.Check.Choices[1].Next' })
  path!: string;

  @Field({ description: 'What is wrong, in plain words.' })
  @ApiProperty({ example: 'names no state: "Shipp" is not in States' })
  message!: string;
}

/** Whether a definition would be accepted, and if not, why. */
@ObjectType({ description: 'Whether a definition would be accepted, and if not, why.' })
export class DefinitionValidation {
  @Field()
  @ApiProperty()
  valid!: boolean;

  @Field(() => [DefinitionDiagnostic])
  @ApiProperty({ type: [DefinitionDiagnostic] })
  diagnostics!: DefinitionDiagnostic[];
}
