import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Length } from 'class-validator';
import { Role } from '../../identity/role.js';

@InputType({ description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "billing worker".' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @Field(() => Role, { description: 'Usually worker: poll activities and answer task tokens, nothing else.' })
  @IsEnum(Role)
  role!: Role;
}
