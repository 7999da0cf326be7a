/**
 * What a schedule's fire does while an execution the schedule started still runs
 * (docs/triggers.md, "Firing"): skip the fire, buffer it (one or all), stop the running one and
 * start, or start anyway.
 */
export type OverlapPolicy = 'SKIP' | 'BUFFER_ONE' | 'BUFFER_ALL' | 'CANCEL_OTHER' | 'ALLOW_ALL';

/** Every overlap policy, the default first. */
export const OVERLAP_POLICIES: readonly OverlapPolicy[] = [
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'ALLOW_ALL',
];
