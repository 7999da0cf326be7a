import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EngineCommandsModule } from '../engine/engine-commands.module.js';
import { WebhookCallMetrics } from './webhook-call.metrics.js';
import { WebhookIntakeController } from './webhook-intake.controller.js';
import { WebhookIntakeService } from './webhook-intake.service.js';
import { WEBHOOK_SECRET_CIPHER } from './webhook-secret.provider.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: their management over GraphQL and REST, and the intake of signed calls at `/hooks/:id`. */
@Module({
  imports: [EngineCommandsModule, AuditModule],
  controllers: [WebhooksController, WebhookIntakeController],
  providers: [
    WEBHOOK_SECRET_CIPHER,
    WebhooksRepository,
    WebhooksService,
    WebhooksResolver,
    WebhookIntakeService,
    WebhookCallMetrics,
  ],
})
export class WebhooksModule {}
