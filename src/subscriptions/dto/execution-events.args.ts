import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

/** `executionEvents(executionId, afterSeq)`. */
@ArgsType()
export class ExecutionEventsArgs {
  @Field(() => ID)
  @IsString()
  executionId!: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 0,
    description: 'Replay the events after this seq first (0: the whole history), then send new ones live.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  afterSeq?: number | null;
}
