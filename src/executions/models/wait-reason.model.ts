import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** What an open state of a RUNNING execution waits for (docs/operations.md, "Why isn't it moving"). */
export const WaitKind = {
  TIMER: 'TIMER',
  TASK_TOKEN: 'TASK_TOKEN',
  ACTIVITY: 'ACTIVITY',
  JOB: 'JOB',
  CHILD_EXECUTION: 'CHILD_EXECUTION',
  MAP_ITERATIONS: 'MAP_ITERATIONS',
  RETRY_BACKOFF: 'RETRY_BACKOFF',
  PAUSED: 'PAUSED',
} as const;

export type WaitKind = (typeof WaitKind)[keyof typeof WaitKind];

registerEnumType(WaitKind, {
  name: 'WaitKind',
  description:
    "What an open state waits for: a Wait state's time, an answer to a task token, an activity worker, an engine job, a nested execution, a Map's or Parallel's children, a retry's backoff, or an operator's pause of the whole execution.",
});

/** How many children of a Map or Parallel state have one run status. */
@ObjectType({ description: 'How many iterations (or branches) of a Map or Parallel state have this status.' })
export class IterationCount {
  @Field({ description: 'PENDING (held back by MaxConcurrency), RUNNING, SUCCEEDED, FAILED or ABORTED.' })
  @ApiProperty({ enum: ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'] })
  status!: string;

  @Field(() => Int)
  @ApiProperty({ minimum: 0 })
  count!: number;
}

/** One concrete reason a RUNNING execution has not moved on yet. */
@ObjectType({ description: 'Why an open state of a RUNNING execution has not moved on yet.' })
export class WaitReason {
  @Field(() => WaitKind)
  @ApiProperty({ enum: WaitKind, enumName: 'WaitKind' })
  kind!: WaitKind;

  @Field({ description: 'The state that waits.' })
  @ApiProperty()
  state!: string;

  @Field(() => [Int], {
    description:
      'Where it waits: the index of each Parallel branch and Map iteration around it, outermost first; [] outside any.',
  })
  @ApiProperty({ type: [Number] })
  branchPath!: number[];

  @Field(() => Date, { nullable: true, description: 'Since when it waits for this.' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  since!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the wait ends by itself: the due time of a timer, backoff or deferred job, the deadline of a task; null when open-ended.',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  until!: Date | null;

  @Field({ description: 'One sentence naming the concrete reason.' })
  @ApiProperty()
  detail!: string;

  @Field(() => String, { nullable: true, description: 'CHILD_EXECUTION: the nested execution.' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  childExecutionId!: string | null;

  @Field(() => String, { nullable: true, description: 'CHILD_EXECUTION: its status.' })
  @ApiProperty({ type: String, nullable: true })
  childStatus!: string | null;

  @Field(() => String, { nullable: true, description: 'ACTIVITY: the activity whose workers take the task.' })
  @ApiProperty({ type: String, nullable: true })
  activityName!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'ACTIVITY: distinct workers that polled the activity in the last minute (a poll without a workerName counts as one anonymous worker).',
  })
  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  workersPolling!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ACTIVITY: the worker that took the task, once one did.',
  })
  @ApiProperty({ type: String, nullable: true })
  workerName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "JOB: the pg-boss job's state (created, retry, active); null when no job was found.",
  })
  @ApiProperty({ type: String, nullable: true })
  jobState!: string | null;

  @Field(() => [IterationCount], {
    nullable: true,
    description: "MAP_ITERATIONS: the children of the state's latest fan-out, counted by status.",
  })
  @ApiProperty({ type: [IterationCount], nullable: true })
  iterations!: IterationCount[] | null;
}
