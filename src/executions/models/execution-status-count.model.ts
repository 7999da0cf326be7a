import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ExecutionStatus } from './execution-status.enum.js';

/** How many executions have one status. */
@ObjectType({ description: 'How many executions have this status.' })
export class ExecutionStatusCount {
  @Field(() => ExecutionStatus)
  @ApiProperty({ enum: ExecutionStatus, enumName: 'ExecutionStatus' })
  status!: ExecutionStatus;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  count!: number;
}
