/** What started an execution. A nested start is `MANUAL`: its parent is on the execution itself. */
export type ExecutionTrigger =
  | { readonly kind: 'MANUAL' }
  | { readonly kind: 'SCHEDULE'; readonly scheduleId: string; readonly scheduledTimeMs: number }
  | { readonly kind: 'WEBHOOK'; readonly webhookId: string };

export const MANUAL_TRIGGER: ExecutionTrigger = { kind: 'MANUAL' };
