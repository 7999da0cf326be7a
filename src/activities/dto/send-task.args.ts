import { ArgsType, Field } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { JsonValue } from '../../common/json-value.decorator.js';
import { JSON_PAYLOAD_DESCRIPTION } from '../../executions/execution.payload.js';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH } from '../../executions/execution.rules.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** The longest task token accepted (AWS's limit); ours are far shorter. */
const MAX_TASK_TOKEN_LENGTH = 1024;

/**
 * The task token of an activity task or a `.waitForTaskToken` callback. GraphQL arguments and REST
 * body at once: `sendTaskHeartbeat(taskToken)`, `POST /tasks/heartbeat`.
 */
@ArgsType()
export class SendTaskHeartbeatArgs {
  @Field({ description: 'From getActivityTask, or `$$.Task.Token` of a .waitForTaskToken task.' })
  @ApiProperty({ minLength: 1, maxLength: MAX_TASK_TOKEN_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TASK_TOKEN_LENGTH)
  taskToken!: string;
}

/** `sendTaskSuccess(taskToken, output)`, `POST /tasks/success`. */
@ArgsType()
export class SendTaskSuccessArgs extends SendTaskHeartbeatArgs {
  @Field(() => JsonScalar, { description: `The task's result. ${JSON_PAYLOAD_DESCRIPTION}` })
  @ApiProperty({ description: `The task's result. ${JSON_PAYLOAD_DESCRIPTION}`, example: { approved: true } })
  // Any JSON value, null included; the service requires it and checks it.
  @Allow()
  @JsonValue()
  output!: unknown;
}

/** `sendTaskFailure(taskToken, error, cause)`, `POST /tasks/failure`: what Retry and Catch match. */
@ArgsType()
export class SendTaskFailureArgs extends SendTaskHeartbeatArgs {
  @Field(() => String, {
    nullable: true,
    description: `The error name Retry and Catch match, at most ${MAX_ERROR_LENGTH} characters.`,
  })
  @ApiPropertyOptional({ maxLength: MAX_ERROR_LENGTH, example: 'PaymentDeclined' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ERROR_LENGTH)
  error?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `What happened, at most ${MAX_CAUSE_LENGTH} characters.`,
  })
  @ApiPropertyOptional({ maxLength: MAX_CAUSE_LENGTH, example: 'The card was declined' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CAUSE_LENGTH)
  cause?: string | null;
}
