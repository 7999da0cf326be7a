import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { WebhookSignature } from '../models/webhook.model.js';
import { DEFAULT_IDEMPOTENCY_HEADER, MAX_ROTATION_OVERLAP_SECONDS } from '../webhook.rules.js';

const TRANSFORM_DESCRIPTION =
  'JSONata over `{ body, headers, query }` whose result becomes the input; absent or null: the JSON body is.';

/**
 * A new hook. The service checks the name, the header and the JSONata and reports every problem
 * at once; class-validator checks the types here.
 */
@InputType({ description: 'A new webhook; its secret is generated and shown once.' })
export class CreateWebhookInput {
  @Field({ description: '1 to 64 ASCII letters, digits, "_", "." and "-"; unique.' })
  @ApiProperty({ example: 'github-push' })
  @IsString()
  name!: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsString()
  stateMachineId!: string;

  @Field(() => WebhookSignature, { defaultValue: WebhookSignature.STEPGRAPH })
  @ApiPropertyOptional({ enum: WebhookSignature, enumName: 'WebhookSignature', default: 'STEPGRAPH' })
  @IsOptional()
  @IsEnum(WebhookSignature)
  signature: WebhookSignature = WebhookSignature.STEPGRAPH;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => String, { nullable: true, description: TRANSFORM_DESCRIPTION })
  @ApiPropertyOptional({ type: String, nullable: true, description: TRANSFORM_DESCRIPTION })
  @IsOptional()
  @IsString()
  inputTransform?: string | null;

  @Field({ defaultValue: DEFAULT_IDEMPOTENCY_HEADER })
  @ApiPropertyOptional({ default: DEFAULT_IDEMPOTENCY_HEADER })
  @IsOptional()
  @IsString()
  idempotencyHeader: string = DEFAULT_IDEMPOTENCY_HEADER;

  @Field({ defaultValue: true })
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled: boolean = true;
}

/** What an update may change; absent fields stay as they are. */
@InputType({ description: 'Changes to a webhook; fields left out stay as they are.' })
export class UpdateWebhookInput {
  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `${TRANSFORM_DESCRIPTION} An empty string removes it.`,
  })
  @ApiPropertyOptional({ type: String, nullable: true, description: 'An empty string removes it.' })
  @IsOptional()
  @IsString()
  inputTransform?: string | null;

  @Field({ nullable: true })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  idempotencyHeader?: string;
}

/** How long the secret rotated out keeps verifying. */
@ArgsType()
export class RotateWebhookSecretArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, {
    defaultValue: 0,
    description: `Seconds the old secret still verifies, 0 to ${MAX_ROTATION_OVERLAP_SECONDS} (a week).`,
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_OVERLAP_SECONDS)
  overlapSeconds: number = 0;
}

/** The REST body of a rotation. */
export class RotateWebhookSecretBody {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_ROTATION_OVERLAP_SECONDS, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_OVERLAP_SECONDS)
  overlapSeconds: number = 0;
}
