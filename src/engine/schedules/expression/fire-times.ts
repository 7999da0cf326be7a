/** A schedule's fire times before its start/end window is applied. */
export interface FireTimes {
  /** The first fire time strictly after `afterMs`, or null when there is none. */
  firstAfter(afterMs: number): number | null;
}
