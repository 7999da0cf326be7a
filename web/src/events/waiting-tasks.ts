/**
 * Which tasks of an execution wait for a task token, read from its history. Pure.
 *
 * The API shows a token only where the definition put it: a `.waitForTaskToken` task passes
 * `$$.Task.Token` in its Parameters (that is how the token reaches whoever answers it), and
 * TaskScheduled records those Parameters. A task whose Parameters leave the token out cannot be
 * answered from here.
 */

/** The form of a task token (src/engine/tasks/task-token.ts): 32 random bytes, base64url. */
const TASK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The events that end a task's wait: after one of them the token is spent. */
const TASK_ENDS = new Set([
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStateExited',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskStartFailed',
]);

export interface HistoryEventLike {
  readonly seq: number;
  readonly type: string;
  readonly stateName?: string | null;
}

/**
 * The TaskScheduled events among `events` (seq order) that nothing after them ended: per state,
 * the latest scheduling, unless an event that ends a task of that state follows it.
 */
export function openTaskSchedulings<E extends HistoryEventLike>(events: readonly E[]): E[] {
  const open = new Map<string, E>();
  for (const event of events) {
    const state = event.stateName ?? '';
    if (event.type === 'TaskScheduled') open.set(state, event);
    else if (TASK_ENDS.has(event.type)) open.delete(state);
  }
  return [...open.values()];
}

function tokensIn(value: unknown, found: string[]): void {
  if (typeof value === 'string') {
    if (TASK_TOKEN.test(value)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) tokensIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) tokensIn(item, found);
  }
}

/**
 * The task token in a TaskScheduled event's details, if its resource waits for one and its
 * Parameters carry it (the details hold the Parameters as JSON text).
 */
export function taskTokenOf(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { resource, parameters } = details as { resource?: unknown; parameters?: unknown };
  if (typeof resource !== 'string' || !resource.endsWith('.waitForTaskToken')) return undefined;
  let value = parameters;
  if (typeof parameters === 'string') {
    try {
      value = JSON.parse(parameters) as unknown;
    } catch {
      return undefined;
    }
  }
  const found: string[] = [];
  tokensIn(value, found);
  return found.length === 1 ? found[0] : undefined;
}
