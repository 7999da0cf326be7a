import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsIn, MaxLength, MinLength } from 'class-validator';
import { Role, USER_ROLES } from '../../identity/role.js';

/** Shortest password accepted: NIST SP 800-63B asks for at least 8; we ask for 12. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted: bounds the hashing work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;
/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;

@InputType({ description: 'A new user account.' })
export class CreateUserInput {
  @Field()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @Field({ description: `At least ${MIN_PASSWORD_LENGTH} characters.` })
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @Field(() => Role, { description: 'admin, editor, operator or viewer (worker is for API keys).' })
  @IsIn(USER_ROLES, { message: 'role must be one of admin, editor, operator, viewer' })
  role!: Role;
}
