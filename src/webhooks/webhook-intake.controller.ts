import { Controller, Headers, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuditedByService } from '../audit/audit.decorators.js';
import { Public } from '../authorization/access.decorators.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { ProblemDetails } from '../http/problem-details.js';
import { WebhookAcceptance } from './models/webhook-acceptance.model.js';
import type { WebhookRequest } from './webhook-body.reader.js';
import { WebhookIntakeService } from './webhook-intake.service.js';

/**
 * `POST /hooks/:id`: a signed call starts an execution. No session or API key: the signature is
 * the credential (docs/triggers.md). The intake audits every call itself.
 */
@ApiTags('webhooks')
@Controller('hooks')
export class WebhookIntakeController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(':id')
  @Public()
  @AuditedByService()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Starts an execution of the hook's state machine; signed as docs/triggers.md says.",
  })
  @ApiAcceptedResponse({ type: WebhookAcceptance })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'The body is not JSON, or the transform failed.',
  })
  @ApiUnauthorizedResponse({ type: ProblemDetails, description: 'The signature is missing, stale or wrong.' })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such hook.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The hook is disabled.' })
  @ApiPayloadTooLargeResponse({
    type: ProblemDetails,
    description: 'The body is over WEBHOOK_MAX_BODY_BYTES.',
  })
  @ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Over WEBHOOK_RATE_LIMIT_PER_MINUTE.' })
  @ApiServiceUnavailableResponse({
    type: ProblemDetails,
    description: "The hook's secret cannot be decrypted with the current WEBHOOK_SECRET_KEY: rotate it.",
  })
  receive(
    @Param('id') id: string,
    @Req() req: WebhookRequest,
    @Headers() headers: IncomingHttpHeaders,
    @Query() query: Record<string, unknown>,
    @CurrentCaller() caller: Caller,
  ): Promise<WebhookAcceptance> {
    return this.intake.receive({
      webhookId: id,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      headers,
      query,
      origin: caller.origin,
    });
  }
}
