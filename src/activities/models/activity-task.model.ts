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

  @Field(() => String, {
    nullable: true,
    description:
      "The W3C traceparent of the task's state when its execution is traced (docs/tracing.md): a worker's spans continue the execution's trace. Null when tracing is off.",
  })
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  })
  traceparent?: string | null;
}
