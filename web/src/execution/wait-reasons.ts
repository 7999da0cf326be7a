/** Words for an execution's waiting reasons (`Execution.waitingOn`). Pure. */
import { formatTime } from '../components/format';

export interface WaitReasonLike {
  readonly kind: string;
  readonly branchPath: readonly number[];
  readonly since?: string | null;
  readonly until?: string | null;
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  TIMER: 'Timer',
  TASK_TOKEN: 'Task token',
  ACTIVITY: 'Activity',
  JOB: 'Engine job',
  CHILD_EXECUTION: 'Nested execution',
  MAP_ITERATIONS: 'Iterations',
  RETRY_BACKOFF: 'Retry backoff',
};

/** A kind as the page names it; an unknown kind as the API spells it. */
export function waitKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** "since … · until …", each part only when known; "—" when neither is. */
export function waitWindow(reason: WaitReasonLike, format: (iso: string) => string = formatTime): string {
  const parts = [
    reason.since ? `since ${format(reason.since)}` : null,
    reason.until ? `until ${format(reason.until)}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** Where in the execution: the branch and iteration indexes, outermost first; "" outside any. */
export function waitPlace(reason: WaitReasonLike): string {
  return reason.branchPath.length > 0 ? `branch or iteration ${reason.branchPath.join(' › ')}` : '';
}
