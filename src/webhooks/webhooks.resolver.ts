import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { ConnectionArgs } from '../graphql/connection/connection.args.js';
import type { ConnectionPage } from '../pagination/connection.page.js';
import { CreateWebhookInput, RotateWebhookSecretArgs, UpdateWebhookInput } from './dto/webhook.inputs.js';
import { CreatedWebhook, Webhook, WebhookConnection } from './models/webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks over GraphQL: each method hands its arguments to the service. */
@Resolver(() => Webhook)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Mutation(() => CreatedWebhook, {
    description: 'Creates a webhook for a state machine and shows its secret, once.',
  })
  createWebhook(
    @Args('input') input: CreateWebhookInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<CreatedWebhook> {
    return this.service.create(input, act);
  }

  @Mutation(() => Webhook, {
    description: 'Enables or disables a webhook, or changes its transform or header.',
  })
  updateWebhook(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateWebhookInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Webhook> {
    return this.service.update(id, input, act);
  }

  @Mutation(() => CreatedWebhook, {
    description: 'Gives a webhook a new secret, shown once; the old one still verifies for overlapSeconds.',
  })
  rotateWebhookSecret(
    @Args() { id, overlapSeconds }: RotateWebhookSecretArgs,
    @CurrentAct() act?: AuditedAct,
  ): Promise<CreatedWebhook> {
    return this.service.rotateSecret(id, overlapSeconds, act);
  }

  @Mutation(() => Boolean, { description: 'Deletes a webhook; executions it started stay.' })
  deleteWebhook(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<boolean> {
    return this.service.delete(id, act);
  }

  @Query(() => Webhook, { description: 'A webhook by id; NOT_FOUND otherwise.' })
  webhook(@Args('id', { type: () => ID }) id: string): Promise<Webhook> {
    return this.service.get(id);
  }

  @Query(() => WebhookConnection, { description: 'Webhooks, newest first.' })
  webhooks(@Args() { first, after }: ConnectionArgs): Promise<ConnectionPage<Webhook>> {
    return this.service.list({ first, after });
  }
}
