import { registerEnumType } from '@nestjs/graphql';

/** Where an execution stands: RUNNING until it ends in one of the other four (docs/design.md §1). */
export const ExecutionStatus = {
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  ABORTED: 'ABORTED',
} as const;

export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

registerEnumType(ExecutionStatus, {
  name: 'ExecutionStatus',
  description: 'Where an execution stands: RUNNING until it ends in one of the other four.',
});
