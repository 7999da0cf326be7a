/**
 * What one execution's history must look like whatever happened to the engines that wrote it
 * (docs/testing.md, "The reliability checker"): pure functions over the stored events, each returning the
 * violations it finds as sentences.
 *
 * Definitions, all derived from the history alone:
 * - **Run**: the root of the execution, a Parallel branch or a Map iteration. Every event names
 *   the event before it in its own run (`previousEventId`, 0 for the first). An event whose
 *   predecessor is a fan-out (`ParallelStateStarted`, `MapStateStarted`) starts a child run, unless
 *   it is that state's own continuation (`ParallelStateSucceeded`, `MapStateFailed`, …); any other
 *   event belongs to its predecessor's run.
 * - **Run path**: the chain of fan-outs that leads to a run, written without event ids so that two
 *   histories of the same workflow can be compared: `Fan#1/branch:Flaky` is the branch starting at
 *   state Flaky of the first fan-out of state Fan in the root run; `Fan#1/Each#1/item:3` is item 3
 *   of a Map inside it.
 * - **Attempt**: one visit of a state in a run, from its `…StateEntered` to its `…StateExited` or
 *   `…StateAborted` (a `FailStateEntered` is a visit of its own; a run that ends or an execution that
 *   is redriven closes the visit it was in). A visit opens only when none is open: the same state
 *   entered twice for one attempt is a visit opened inside another. A task attempt inside a visit
 *   is scheduled once and answered at most once; a retry schedules the next one after a failure.
 */
import { isDeepStrictEqual } from 'node:util';

/** A history event as stored in `execution_events`. */
export interface StoredEvent {
  readonly seq: number;
  readonly type: string;
  readonly stateName: string | null;
  readonly previousEventId: number;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The part of an event two histories of one workflow share: no ids, no times, no payloads. */
export interface EventShape {
  readonly type: string;
  readonly stateName: string | null;
}

const FORKS: Readonly<Record<string, string>> = { ParallelStateStarted: 'Parallel', MapStateStarted: 'Map' };
const RUN_ENDS = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
]);
const TASK_SCHEDULED = new Set(['TaskScheduled', 'ActivityScheduled']);
const TASK_STARTED = new Set(['TaskStarted', 'ActivityStarted']);
const TASK_RESULTS = new Set([
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'ActivitySucceeded',
  'ActivityFailed',
  'ActivityTimedOut',
]);

/** Every `seq` from 1 to the number of events, once each, in order. */
export function contiguityViolations(events: readonly StoredEvent[]): string[] {
  const wrong = events.findIndex((event, index) => event.seq !== index + 1);
  if (wrong < 0) return [];
  return [`seq is not contiguous: position ${wrong + 1} holds seq ${events[wrong]?.seq}`];
}

/** The run path of every event, by seq, and the violations met while finding them. */
export function runPaths(events: readonly StoredEvent[]): {
  paths: Map<number, string>;
  violations: string[];
} {
  const bySeq = new Map(events.map((event) => [event.seq, event]));
  const paths = new Map<number, string>();
  const latest = new Map<string, number>();
  const forkCounts = new Map<string, number>();
  const forkOrdinal = new Map<number, number>();
  const violations: string[] = [];
  for (const event of events) {
    const previous = bySeq.get(event.previousEventId);
    const parentPath = event.previousEventId === 0 ? 'root' : paths.get(event.previousEventId);
    if (parentPath === undefined) {
      violations.push(`event ${event.seq} follows event ${event.previousEventId}, which does not exist`);
      continue;
    }
    const child = previous ? childKey(previous, event) : undefined;
    const path = child
      ? `${parentPath}/${previous?.stateName}#${forkOrdinal.get(previous!.seq)}/${child}`
      : parentPath;
    if (child && latest.has(path)) violations.push(`${path} started twice (event ${event.seq})`);
    else if (!child && latest.get(path) !== (event.previousEventId === 0 ? undefined : event.previousEventId))
      violations.push(
        `forked run ${path}: event ${event.seq} (${event.type}) follows ${event.previousEventId}, the run was at ${latest.get(path)}`,
      );
    paths.set(event.seq, path);
    latest.set(path, event.seq);
    if (FORKS[event.type]) {
      const key = `${path}|${event.stateName}`;
      forkCounts.set(key, (forkCounts.get(key) ?? 0) + 1);
      forkOrdinal.set(event.seq, forkCounts.get(key)!);
    }
  }
  return { paths, violations };
}

/** The child a fan-out event starts with `event`, or undefined when `event` continues the fan-out's own run. */
function childKey(fork: StoredEvent, event: StoredEvent): string | undefined {
  const type = FORKS[fork.type];
  if (!type) return undefined;
  if (event.type.startsWith(`${type}State`) && event.stateName === fork.stateName) return undefined;
  if (type === 'Map') return `item:${String(event.details.index)}`;
  return `branch:${event.stateName}`;
}

interface Visit {
  readonly state: string;
  readonly seq: number;
  /** A task attempt was scheduled and has no result yet. */
  awaiting: boolean;
}

/** Visits and task attempts, run by run (see the module's definitions). */
export function attemptViolations(
  events: readonly StoredEvent[],
  paths: ReadonlyMap<number, string>,
): string[] {
  const open = new Map<string, Visit | undefined>();
  const violations: string[] = [];
  for (const event of events) {
    const path = paths.get(event.seq);
    if (path === undefined) continue;
    const visit = open.get(path);
    const at = `${path}: event ${event.seq} ${event.type}${event.stateName ? ` of ${event.stateName}` : ''}`;
    if (event.type === 'ExecutionRedriven' || RUN_ENDS.has(event.type)) {
      open.set(path, undefined);
    } else if (event.type.endsWith('StateEntered')) {
      if (visit) violations.push(`${at} while the visit of ${visit.state} (event ${visit.seq}) is open`);
      const opened = event.type === 'FailStateEntered' ? undefined : event;
      open.set(path, opened && { state: opened.stateName ?? '', seq: opened.seq, awaiting: false });
    } else if (event.type.endsWith('StateExited') || event.type.endsWith('StateAborted')) {
      if (visit?.state !== event.stateName) violations.push(`${at} closes a visit that is not open`);
      open.set(path, undefined);
    } else if (TASK_SCHEDULED.has(event.type)) {
      if (!visit) violations.push(`${at} outside a visit of its state`);
      else if (visit.awaiting) violations.push(`${at}: the previous attempt has no result yet`);
      else visit.awaiting = true;
    } else if (TASK_STARTED.has(event.type)) {
      if (!visit?.awaiting) violations.push(`${at} without a scheduled attempt`);
    } else if (TASK_RESULTS.has(event.type)) {
      if (!visit?.awaiting) violations.push(`${at}: a second result, or one for no attempt`);
      else visit.awaiting = false;
    }
  }
  return violations;
}

/** The events of each run path, as shapes, in order. */
export function shapesByRun(
  events: readonly StoredEvent[],
  paths: ReadonlyMap<number, string>,
): Map<string, EventShape[]> {
  const runs = new Map<string, EventShape[]>();
  for (const event of events) {
    const path = paths.get(event.seq) ?? '?';
    runs.set(path, [...(runs.get(path) ?? []), { type: event.type, stateName: event.stateName }]);
  }
  return runs;
}

/** Each run of `actual` holds the same events, in the same order, as the same run of `reference`. */
export function referenceViolations(
  actual: ReadonlyMap<string, readonly EventShape[]>,
  reference: ReadonlyMap<string, readonly EventShape[]>,
): string[] {
  const violations: string[] = [];
  for (const path of new Set([...actual.keys(), ...reference.keys()])) {
    const got = actual.get(path) ?? [];
    const want = reference.get(path) ?? [];
    if (isDeepStrictEqual(got, want)) continue;
    const at = got.findIndex((shape, index) => !isDeepStrictEqual(shape, want[index]));
    const index = at < 0 ? got.length : at;
    violations.push(
      `run ${path} differs from the reference at its event ${index + 1}: ` +
        `${describe(got[index])} instead of ${describe(want[index])}`,
    );
  }
  return violations;
}

function describe(shape: EventShape | undefined): string {
  if (!shape) return 'nothing';
  return shape.stateName ? `${shape.type} of ${shape.stateName}` : shape.type;
}
