import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { ConnectionArgs } from '../graphql/connection/connection.args.js';
import { ProblemDetails } from '../http/problem-details.js';
import { restPageOf, type RestPage } from '../state-machines/models/state-machine.page.js';
import { CreateWebhookInput, RotateWebhookSecretBody, UpdateWebhookInput } from './dto/webhook.inputs.js';
import { CreatedWebhook, Webhook } from './models/webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

/** A page of webhooks, newest first (REST). */
class WebhookPage implements RestPage<Webhook> {
  @ApiProperty({ type: [Webhook] })
  items!: Webhook[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many webhooks there are.' })
  totalCount!: number;
}

/** Webhooks over REST: the same service and rules as GraphQL. */
@ApiTags('webhooks')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` lists each problem.' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Get()
  @RequirePermission(Permission.WebhookRead)
  @ApiOkResponse({ type: WebhookPage, description: 'Webhooks, newest first.' })
  async list(@Query() { first, after }: ConnectionArgs): Promise<WebhookPage> {
    return restPageOf(await this.service.list({ first, after }));
  }

  @Post()
  @RequirePermission(Permission.WebhookWrite)
  @ApiCreatedResponse({ type: CreatedWebhook, description: 'Created; `secret` is shown this once.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The name is taken.' })
  create(@Body() input: CreateWebhookInput, @CurrentAct() act?: AuditedAct): Promise<CreatedWebhook> {
    return this.service.create(input, act);
  }

  @Get(':id')
  @RequirePermission(Permission.WebhookRead)
  @ApiOkResponse({ type: Webhook })
  @ApiNotFoundResponse({ type: ProblemDetails })
  get(@Param('id') id: string): Promise<Webhook> {
    return this.service.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.WebhookWrite)
  @ApiOkResponse({ type: Webhook })
  @ApiNotFoundResponse({ type: ProblemDetails })
  update(
    @Param('id') id: string,
    @Body() input: UpdateWebhookInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Webhook> {
    return this.service.update(id, input, act);
  }

  @Post(':id/rotate-secret')
  @RequirePermission(Permission.WebhookWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CreatedWebhook, description: 'The new secret, shown this once.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  rotateSecret(
    @Param('id') id: string,
    @Body() { overlapSeconds }: RotateWebhookSecretBody,
    @CurrentAct() act?: AuditedAct,
  ): Promise<CreatedWebhook> {
    return this.service.rotateSecret(id, overlapSeconds, act);
  }

  @Delete(':id')
  @RequirePermission(Permission.WebhookWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted; executions it started stay.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async delete(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<void> {
    await this.service.delete(id, act);
  }
}
