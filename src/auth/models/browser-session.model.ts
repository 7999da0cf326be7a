import { ApiProperty } from '@nestjs/swagger';
import { User } from '../../users/models/user.model.js';

/** What a browser sign-in or refresh answers: the refresh token went into the cookie instead. */
export class BrowserSession {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`; keep it in memory only.' })
  accessToken!: string;

  @ApiProperty()
  accessTokenExpiresAt!: Date;

  @ApiProperty({ type: User })
  user!: User;
}
