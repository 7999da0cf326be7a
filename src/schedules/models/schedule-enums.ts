import { registerEnumType } from '@nestjs/graphql';
import type { OverlapPolicy as OverlapPolicyName } from '../../engine/schedules/overlap-policy.js';
import type { FireKind } from '../../engine/schedules/schedule-execution.name.js';
import type { FireOutcome } from '../../engine/schedules/schedule.repository.js';

/** What a schedule does with a fire while its previous execution still runs (docs/triggers.md). */
export const OverlapPolicy = {
  SKIP: 'SKIP',
  BUFFER_ONE: 'BUFFER_ONE',
  BUFFER_ALL: 'BUFFER_ALL',
  CANCEL_OTHER: 'CANCEL_OTHER',
  ALLOW_ALL: 'ALLOW_ALL',
} as const satisfies Record<OverlapPolicyName, OverlapPolicyName>;

export type OverlapPolicy = OverlapPolicyName;

registerEnumType(OverlapPolicy, {
  name: 'OverlapPolicy',
  description:
    'What a fire does while the previous execution of its schedule still runs: skip the fire, buffer one or all, stop the running one first, or run both.',
});

/** Where a fire came from: the expression, `triggerSchedule`, or `backfillSchedule`. */
export const ScheduleFireKind = {
  SCHEDULED: 'SCHEDULED',
  TRIGGERED: 'TRIGGERED',
  BACKFILL: 'BACKFILL',
} as const satisfies Record<FireKind, FireKind>;

export type ScheduleFireKind = FireKind;

registerEnumType(ScheduleFireKind, {
  name: 'ScheduleFireKind',
  description: 'Where a fire came from: the expression, triggerSchedule, or backfillSchedule.',
});

/** What became of a fire. */
export const ScheduleFireOutcome = {
  STARTED: 'STARTED',
  BUFFERED: 'BUFFERED',
  SKIPPED_OVERLAP: 'SKIPPED_OVERLAP',
  SKIPPED_CATCHUP: 'SKIPPED_CATCHUP',
  FAILED: 'FAILED',
} as const satisfies Record<FireOutcome, FireOutcome>;

export type ScheduleFireOutcome = FireOutcome;

registerEnumType(ScheduleFireOutcome, {
  name: 'ScheduleFireOutcome',
  description:
    'What became of a fire: it started an execution, waits for the running one (BUFFERED), was skipped because one ran or because it was older than the catch-up window, or failed (see cause).',
});
