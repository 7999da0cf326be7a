import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Connection } from '../../graphql/connection/connection.type.js';

/** How a hook's callers sign their calls (docs/triggers.md). */
export enum WebhookSignature {
  STEPGRAPH = 'STEPGRAPH',
  GITHUB = 'GITHUB',
}

registerEnumType(WebhookSignature, {
  name: 'WebhookSignature',
  description: 'How calls are signed.',
  valuesMap: {
    STEPGRAPH: {
      description: '`Stepgraph-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.',
    },
    GITHUB: {
      description: "`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, GitHub's scheme.",
    },
  },
});

/** The state machine a hook starts. */
@ObjectType({ description: 'The state machine each call starts (its latest version).' })
export class WebhookStateMachine {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'Its name; also once it was deleted (calls then answer 404 for the machine).' })
  @ApiProperty({ example: 'order-fulfilment' })
  name!: string;
}

/** A hook as the API shows it: never its secret. */
@ObjectType({ description: 'A URL that starts an execution of a state machine for each signed POST.' })
export class Webhook {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field({ description: 'Unique among hooks.' })
  @ApiProperty({ example: 'github-push' })
  name!: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @Field({ description: 'Where to POST: absolute when PUBLIC_URL is configured, else the path.' })
  @ApiProperty({ example: '/hooks/0b6c4d8e-5b8f-4a53-9a57-8a0f0f4c1f1e' })
  url!: string;

  @Field(() => WebhookStateMachine)
  @ApiProperty({ type: WebhookStateMachine })
  stateMachine!: WebhookStateMachine;

  @Field({ description: 'A disabled hook answers 409 and starts nothing.' })
  @ApiProperty()
  enabled!: boolean;

  @Field(() => WebhookSignature)
  @ApiProperty({ enum: WebhookSignature, enumName: 'WebhookSignature' })
  signature!: WebhookSignature;

  @Field(() => String, {
    nullable: true,
    description: 'JSONata over `{ body, headers, query }` whose result is the input; null: the body is.',
  })
  @ApiProperty({ type: String, nullable: true })
  inputTransform!: string | null;

  @Field({ description: 'The header whose value makes a repeated call return the first execution.' })
  @ApiProperty({ example: 'Idempotency-Key' })
  idempotencyHeader!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when the secret rotated out last still verifies; null when none does.',
  })
  @ApiProperty({ type: Date, nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Field()
  @ApiProperty()
  createdAt!: Date;

  @Field()
  @ApiProperty()
  updatedAt!: Date;
}

/** The answer of createWebhook and rotateWebhookSecret: the only time the secret is shown. */
@ObjectType({ description: 'A hook and its new secret: store `secret` now, it is never shown again.' })
export class CreatedWebhook {
  @Field(() => Webhook)
  @ApiProperty({ type: Webhook })
  webhook!: Webhook;

  @Field({ description: 'The HMAC key of the signatures; shown once.' })
  @ApiProperty({ example: 'whsec_…' })
  secret!: string;
}

@ObjectType()
export class WebhookConnection extends Connection(Webhook) {}
