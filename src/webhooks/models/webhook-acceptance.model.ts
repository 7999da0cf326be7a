import { ApiProperty } from '@nestjs/swagger';
import type { WebhookAccepted } from '../webhook-call.js';

/** The answer of `POST /hooks/:id` (REST only). */
export class WebhookAcceptance implements WebhookAccepted {
  @ApiProperty({ format: 'uuid' })
  executionId!: string;

  @ApiProperty({ description: 'False: the idempotency key was seen before; this is its execution.' })
  created!: boolean;
}
