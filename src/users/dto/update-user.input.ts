import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Role, USER_ROLES } from '../../identity/role.js';

@InputType({ description: 'Changes to a user account; fields left out stay as they are.' })
export class UpdateUserInput {
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsIn(USER_ROLES, { message: 'role must be one of admin, editor, operator, viewer' })
  role?: Role | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Disabling signs the user out everywhere: every session is revoked.',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean | null;
}
