/** Which decision a fire came from: the expression, `triggerSchedule`, or a backfill. */
export type FireKind = 'SCHEDULED' | 'TRIGGERED' | 'BACKFILL';

const PREFIXES: Readonly<Record<FireKind, string>> = {
  SCHEDULED: 'schedule',
  TRIGGERED: 'trigger',
  BACKFILL: 'backfill',
};

/**
 * The name of the execution a fire starts, derived from the schedule, the kind of fire and its
 * time: `schedule-<uuid>-20261224T090000Z` (milliseconds only when the time has some,
 * `...T090000.250Z`). Starting an execution is idempotent by name, so a fire can never start two
 * executions, whatever retried it. At most 70 characters, none that an execution name refuses.
 */
export function scheduleExecutionName(kind: FireKind, scheduleId: string, scheduledTimeMs: number): string {
  const iso = new Date(scheduledTimeMs).toISOString();
  const compact = iso.replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
  return `${PREFIXES[kind]}-${scheduleId}-${compact}`;
}
