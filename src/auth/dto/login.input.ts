import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from '../../users/dto/create-user.input.js';

/** Longest refresh token accepted; ours are 43 characters. */
export const MAX_REFRESH_TOKEN_LENGTH = 256;

/** `login(email, password)` in GraphQL, the body of `POST /api/v1/auth/login` in REST. */
@ArgsType()
export class LoginArgs {
  @Field()
  @ApiProperty({ example: 'admin@example.com' })
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @Field()
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

/** `refreshToken(refreshToken)` / `logout(refreshToken)`, and the body of `/auth/refresh` and `/auth/logout`. */
@ArgsType()
export class RefreshTokenArgs {
  @Field()
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REFRESH_TOKEN_LENGTH)
  refreshToken!: string;
}
