import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedByService } from '../audit/audit.decorators.js';
import { Public } from '../authorization/access.decorators.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginArgs, RefreshTokenArgs } from './dto/login.input.js';
import { AuthPayload } from './models/auth-payload.model.js';

/**
 * `POST /api/v1/auth/login`, `/refresh`, `/logout`: the same service as the GraphQL mutations,
 * which audits each attempt itself.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Signs in with an email and a password.' })
  @ApiOkResponse({ type: AuthPayload })
  login(@Body() body: LoginArgs, @CurrentCaller() caller: Caller): Promise<AuthPayload> {
    return this.auth.login(body.email, body.password, caller.origin);
  }

  @Post('refresh')
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchanges a refresh token, once, for a new pair.' })
  @ApiOkResponse({ type: AuthPayload })
  refresh(@Body() body: RefreshTokenArgs, @CurrentCaller() caller: Caller): Promise<AuthPayload> {
    return this.auth.refresh(body.refreshToken, caller.origin);
  }

  @Post('logout')
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Ends the refresh token's session." })
  async logout(@Body() body: RefreshTokenArgs, @CurrentCaller() caller: Caller): Promise<void> {
    await this.auth.logout(body.refreshToken, caller.origin);
  }
}
