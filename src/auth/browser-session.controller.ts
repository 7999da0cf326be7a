import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Delete, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedByService } from '../audit/audit.decorators.js';
import { Public } from '../authorization/access.decorators.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthService } from './auth.service.js';
import {
  BROWSER_SESSION_ROUTE,
  CSRF_HEADER,
  refreshCookie,
  refreshTokenFromCookie,
  requireCsrfHeader,
} from './browser-session.cookie.js';
import { LoginArgs } from './dto/login.input.js';
import { BrowserSession } from './models/browser-session.model.js';
import type { AuthPayload } from './models/auth-payload.model.js';

/**
 * The browser's variant of login, refresh and logout, used by the console: the refresh token
 * travels in an HttpOnly cookie scoped to these routes, so page scripts never see it, and the
 * access token only in the answer, kept in the page's memory. Same service, same rotation and
 * reuse detection as `/auth/login` and `/auth/refresh`, which API clients keep using.
 */
@ApiTags('auth')
@ApiHeader({ name: CSRF_HEADER, required: true, description: 'Any value; refused without it.' })
@Controller(BROWSER_SESSION_ROUTE)
export class BrowserSessionController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Signs a browser in; the refresh token comes as an HttpOnly cookie.' })
  @ApiOkResponse({ type: BrowserSession })
  async signIn(
    @Body() body: LoginArgs,
    @CurrentCaller() caller: Caller,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<BrowserSession> {
    requireCsrfHeader(request);
    return this.handOver(await this.auth.login(body.email, body.password, caller.origin), request, response);
  }

  @Post('refresh')
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Exchanges the cookie's refresh token, once, for a new access token and cookie." })
  @ApiOkResponse({ type: BrowserSession })
  async refresh(
    @CurrentCaller() caller: Caller,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<BrowserSession> {
    requireCsrfHeader(request);
    const token = refreshTokenFromCookie(request);
    if (!token) throw AppError.unauthenticated('No session: sign in');
    try {
      return this.handOver(await this.auth.refresh(token, caller.origin), request, response);
    } catch (error) {
      // A refused token is worth nothing: drop it, so the page asks for a sign-in.
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        response.setHeader('Set-Cookie', refreshCookie(request, undefined, 0));
      }
      throw error;
    }
  }

  @Delete()
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Signs the browser out: revokes the cookie's session and clears the cookie." })
  @ApiNoContentResponse()
  async signOut(
    @CurrentCaller() caller: Caller,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<void> {
    requireCsrfHeader(request);
    const token = refreshTokenFromCookie(request);
    if (token) await this.auth.logout(token, caller.origin);
    response.setHeader('Set-Cookie', refreshCookie(request, undefined, 0));
  }

  private handOver(payload: AuthPayload, request: IncomingMessage, response: ServerResponse): BrowserSession {
    response.setHeader(
      'Set-Cookie',
      refreshCookie(request, payload.refreshToken, this.config.auth.refreshTokenTtlSeconds),
    );
    return {
      accessToken: payload.accessToken,
      accessTokenExpiresAt: payload.accessTokenExpiresAt,
      user: payload.user,
    };
  }
}
