import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_NAME_LENGTH } from '../../common/identifiers.js';
import { JsonValue } from '../../common/json-value.decorator.js';
import { IsUuid } from '../../common/uuid.decorator.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';
import { JSON_PAYLOAD_DESCRIPTION } from '../execution.payload.js';

/** The longest state machine name (AWS's limit); a longer one names no machine. */
const MAX_STATE_MACHINE_NAME_LENGTH = 80;

/**
 * `startExecution(input)`: which state machine (by id or by name, exactly one), which version, the
 * input and an optional name that makes the start idempotent. Only the types are checked here:
 * the engine checks name, version and input once for every caller (ExecutionCommands.start).
 */
@InputType({ description: 'What to run: a state machine (by id or by name, exactly one) on an input.' })
export class StartExecutionInput {
  @Field(() => ID, { nullable: true, description: 'The state machine to run; or give stateMachineName.' })
  @IsOptional()
  @IsUuid({ message: 'stateMachineId must be a UUID; to name the machine, use stateMachineName' })
  stateMachineId?: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the state machine to run.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_STATE_MACHINE_NAME_LENGTH)
  stateMachineName?: string | null;

  @Field(() => JsonScalar, { nullable: true, description: `${JSON_PAYLOAD_DESCRIPTION} Default: {}.` })
  @ApiPropertyOptional({
    description: `${JSON_PAYLOAD_DESCRIPTION} Default: {}.`,
    example: { orderId: 'A-1234' },
  })
  // Any JSON value, null included; the service reads and checks it.
  @IsOptional()
  @JsonValue()
  input?: unknown;

  @Field(() => String, {
    nullable: true,
    description:
      'Unique per state machine; starting again with the same name returns the existing execution. Default: a UUID.',
  })
  @ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH, example: 'order-A-1234' })
  @IsOptional()
  @IsString()
  name?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version to run. Default: the latest.' })
  @ApiPropertyOptional({ minimum: 1, example: 1 })
  @IsOptional()
  @IsInt()
  version?: number | null;
}

/** The REST body of `POST /state-machines/{id}/executions`: the machine is in the path. */
export class StartExecutionBody extends OmitType(StartExecutionInput, [
  'stateMachineId',
  'stateMachineName',
]) {}
