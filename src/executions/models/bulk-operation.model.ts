import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** What a bulk operation does to each execution its filter matched. */
export const BulkOperationKind = { STOP: 'STOP', REDRIVE: 'REDRIVE' } as const;
export type BulkOperationKind = (typeof BulkOperationKind)[keyof typeof BulkOperationKind];

/** Where a bulk operation stands. */
export const BulkOperationStatus = {
  DRY_RUN: 'DRY_RUN',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
export type BulkOperationStatus = (typeof BulkOperationStatus)[keyof typeof BulkOperationStatus];

registerEnumType(BulkOperationKind, {
  name: 'BulkOperationKind',
  description: 'STOP stops RUNNING executions; REDRIVE redrives FAILED, TIMED_OUT and ABORTED ones.',
});
registerEnumType(BulkOperationStatus, {
  name: 'BulkOperationStatus',
  description:
    'DRY_RUN: a preview, nothing changed or stored. RUNNING until every execution was handled; then SUCCEEDED, or FAILED when some could not be acted on (see failed).',
});

/** One execution an operation matched. */
@ObjectType({ description: 'An execution a bulk operation matched.' })
export class BulkOperationSample {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field()
  @ApiProperty({ example: 'order-1234' })
  name!: string;
}

/** A stop or redrive of every execution an executions filter matched, run in the background. */
@ObjectType({
  description:
    'A stop or redrive of every execution a filter matched when it was requested, run in the background in batches.',
})
export class BulkOperation {
  @Field(() => ID, { nullable: true, description: 'Null for a dry run, which is not stored.' })
  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  id!: string | null;

  @Field(() => BulkOperationKind)
  @ApiProperty({ enum: BulkOperationKind, enumName: 'BulkOperationKind' })
  kind!: BulkOperationKind;

  @Field(() => BulkOperationStatus)
  @ApiProperty({ enum: BulkOperationStatus, enumName: 'BulkOperationStatus' })
  status!: BulkOperationStatus;

  @Field(() => Int, {
    description:
      'How many executions it acts on: those the filter matched that the kind can act on (STOP: RUNNING; REDRIVE: FAILED, TIMED_OUT, ABORTED).',
  })
  @ApiProperty()
  total!: number;

  @Field(() => Int, {
    description:
      'How many were handled: acted on, or skipped because they had ended (or been redriven) meanwhile.',
  })
  @ApiProperty()
  done!: number;

  @Field(() => Int, { description: 'How many could not be acted on; each has an audit row.' })
  @ApiProperty()
  failed!: number;

  @Field(() => [BulkOperationSample], { description: 'Up to 10 of the executions it acts on, newest first.' })
  @ApiProperty({ type: [BulkOperationSample] })
  sample!: BulkOperationSample[];

  @Field(() => String, { nullable: true, description: 'The error a STOP records in ExecutionAborted.' })
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'The cause a STOP records in ExecutionAborted.' })
  @ApiProperty({ type: String, nullable: true })
  cause!: string | null;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @Field(() => Date)
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  @Field(() => Date, { nullable: true, description: 'When it ended; null while RUNNING and for a dry run.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}
