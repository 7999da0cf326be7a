/**
 * Task resources: a Task whose `Resource` Stepgraph does not run is refused at validation, never
 * accepted and then failed at run time (docs/design.md §4).
 */
import { BUILTIN_TASKS, parseResource } from '../resources.js';
import type { StateSite } from './definition.scopes.js';
import { describeType, memberPath, type Report } from './validation.diagnostics.js';

/** What Stepgraph runs, for the message that refuses anything else. */
const SUPPORTED_RESOURCES = [
  ...BUILTIN_TASKS.map((name) => `builtin:${name}`),
  'builtin:callback.waitForTaskToken',
  'arn:aws:states:::http:invoke',
  'activity:NAME (or arn:aws:states:REGION:ACCOUNT:activity:NAME)',
  'arn:aws:states:::states:startExecution (also .sync and .sync:2)',
].join(', ');

/** Checks a Task's `Resource`. */
export function checkResource(site: StateSite, report: Report): void {
  if (site.type !== 'Task' || site.state.Resource === undefined) return;
  const resource = site.state.Resource;
  const path = memberPath(site.path, 'Resource');
  if (typeof resource !== 'string') return report(path, `must be a string, not ${describeType(resource)}`);
  if (parseResource(resource) !== undefined) return;
  report(
    path,
    `"${resource}" is not a resource Stepgraph runs. Supported: ${SUPPORTED_RESOURCES}; any of them may end in .waitForTaskToken`,
  );
}
