import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import type { Json } from '../../asl/json.js';
import { JsonScalar } from '../../graphql/scalars/json.scalar.js';

/** A task leased to an activity worker, which answers it with its token. */
@ObjectType({ description: 'A task leased to an activity worker; answer it with sendTask* and its token.' })
export class ActivityTask {
  @Field({
    description:
      'Identifies this attempt of the task in sendTaskSuccess, sendTaskFailure and sendTaskHeartbeat.',
  })
  @ApiProperty()
  taskToken!: string;

  @Field(() => JsonScalar, { description: "The task's input (after the state's Parameters)." })
  @ApiProperty({ description: 'Any JSON value.', nullable: true, example: { orderId: 'A-1234' } })
  input!: Json;

  @Field(() => Int, {
    nullable: true,
    description:
      "The state's HeartbeatSeconds: send sendTaskHeartbeat more often than this, or the task times out. Null without one.",
  })
  @ApiProperty({ type: 'integer', nullable: true, example: 30 })
  heartbeatSeconds!: number | null;
}
