import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** A task attempt of an execution waiting for the answer sent with its token. */
@ObjectType({
  description:
    'A `.waitForTaskToken` task attempt waiting for sendTaskSuccess, sendTaskFailure or sendTaskHeartbeat with its token.',
})
export class WaitingTask {
  @Field({ description: 'The Task state that waits.' })
  @ApiProperty()
  stateName!: string;

  @Field(() => [Int], {
    description:
      'Where it runs: the index of each Parallel branch and Map iteration around it, outermost first; [] outside any.',
  })
  @ApiProperty({ type: [Number] })
  branchPath!: number[];

  @Field(() => Int, { description: 'The seq of its TaskScheduled event.' })
  @ApiProperty({ minimum: 1 })
  scheduledSeq!: number;

  @Field({
    description:
      'The token the engine issued for this attempt: what sendTaskSuccess, sendTaskFailure, sendTaskHeartbeat and REST /tasks/* accept.',
  })
  @ApiProperty()
  taskToken!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When it fails with States.Timeout, if it has TimeoutSeconds.',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  timeoutAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it fails with States.HeartbeatTimeout unless a heartbeat comes first, if it has HeartbeatSeconds.',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  heartbeatDeadline!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The W3C traceparent of the waiting state when its execution is traced (docs/tracing.md): whoever answers can continue the execution's trace. Null (absent in REST) when tracing is off.",
  })
  @ApiProperty({
    type: 'string',
    required: false,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  })
  traceparent?: string;
}
