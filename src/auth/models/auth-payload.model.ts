import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { User } from '../../users/models/user.model.js';

/** What a login or a refresh answers. */
@ObjectType({ description: 'A new access token and the refresh token that replaces the one presented.' })
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`; short-lived.' })
  @ApiProperty()
  accessToken!: string;

  @Field()
  @ApiProperty()
  accessTokenExpiresAt!: Date;

  @Field({
    description: 'Works once: exchange it with refreshToken for a new pair. Reusing it signs you out.',
  })
  @ApiProperty()
  refreshToken!: string;

  @Field(() => User)
  @ApiProperty({ type: User })
  user!: User;
}
