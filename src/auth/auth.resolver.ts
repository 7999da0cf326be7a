import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginArgs, RefreshTokenArgs } from './dto/login.input.js';
import { AuthPayload } from './models/auth-payload.model.js';

/**
 * Sign in, refresh, sign out. `login` and `refreshToken` may appear once per document and never
 * under an alias (src/graphql limits): one request is one attempt for the rate limits.
 */
@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, { description: 'Signs in with an email and a password.' })
  login(@Args() { email, password }: LoginArgs, @CurrentCaller() caller: Caller): Promise<AuthPayload> {
    return this.auth.login(email, password, caller.origin);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token, once, for a new pair.' })
  refreshToken(
    @Args() { refreshToken }: RefreshTokenArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken, caller.origin);
  }

  @Mutation(() => Boolean, { description: "Ends the refresh token's session; always true." })
  logout(@Args() { refreshToken }: RefreshTokenArgs, @CurrentCaller() caller: Caller): Promise<boolean> {
    return this.auth.logout(refreshToken, caller.origin);
  }
}
