/**
 * The Task resources Stepgraph runs (docs/design.md §4), recognised from a Task's `Resource` string.
 * Anything else is refused at validation: a definition is never accepted and then mis-run.
 */
import { isAwsName } from '../common/identifiers.js';

/** The builtin resources, `builtin:<name>`. */
export const BUILTIN_TASKS = ['echo', 'fail', 'sleep', 'flaky'] as const;
export type BuiltinTask = (typeof BUILTIN_TASKS)[number];

/** How the state waits for its task (AWS's service integration patterns). */
export type IntegrationPattern = 'request-response' | 'wait-for-task-token' | 'sync' | 'sync:2';

/** A recognised `Resource`. */
export type TaskResource =
  | { readonly kind: 'builtin'; readonly name: BuiltinTask; readonly pattern: IntegrationPattern }
  /** `builtin:callback.waitForTaskToken`: runs nothing and waits for the token's answer. */
  | { readonly kind: 'callback'; readonly pattern: 'wait-for-task-token' }
  | { readonly kind: 'http'; readonly pattern: IntegrationPattern }
  | { readonly kind: 'activity'; readonly name: string; readonly pattern: IntegrationPattern }
  | { readonly kind: 'start-execution'; readonly pattern: IntegrationPattern };

const SUFFIXES: ReadonlyArray<[string, IntegrationPattern]> = [
  ['.waitForTaskToken', 'wait-for-task-token'],
  ['.sync:2', 'sync:2'],
  ['.sync', 'sync'],
];

const ACTIVITY_ARN = /^arn:aws:states:[a-z0-9-]*:[0-9]*:activity:(.+)$/;

function splitPattern(resource: string): { base: string; pattern: IntegrationPattern } {
  for (const [suffix, pattern] of SUFFIXES) {
    if (resource.endsWith(suffix)) return { base: resource.slice(0, -suffix.length), pattern };
  }
  return { base: resource, pattern: 'request-response' };
}

/**
 * Recognises a Task `Resource`, or returns `undefined` for one Stepgraph does not run.
 * `.sync` and `.sync:2` are only meaningful for `states:startExecution`.
 */
export function parseResource(resource: string): TaskResource | undefined {
  const { base, pattern } = splitPattern(resource);
  const isSync = pattern === 'sync' || pattern === 'sync:2';
  if (base === 'arn:aws:states:::states:startExecution') return { kind: 'start-execution', pattern };
  if (isSync) return undefined;
  if (base === 'builtin:callback') {
    return pattern === 'wait-for-task-token' ? { kind: 'callback', pattern } : undefined;
  }
  if (base.startsWith('builtin:')) {
    const name = base.slice('builtin:'.length);
    return (BUILTIN_TASKS as readonly string[]).includes(name)
      ? { kind: 'builtin', name: name as BuiltinTask, pattern }
      : undefined;
  }
  if (base === 'arn:aws:states:::http:invoke') return { kind: 'http', pattern };
  const activity = base.startsWith('activity:')
    ? base.slice('activity:'.length)
    : ACTIVITY_ARN.exec(base)?.[1];
  if (activity !== undefined && isAwsName(activity)) return { kind: 'activity', name: activity, pattern };
  return undefined;
}
