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
}
