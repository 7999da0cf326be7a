/**
 * What the execution page shows beyond the live colouring, folded from the history events in seq
 * order: each state's runs (input, output, error, attempts, time spent), each Map's iterations, the
 * timeline's bars, and the statuses as of any event (replay), of one iteration or of all.
 *
 * An event names no iteration, but `previousEventId` chains the events of one run (the root, a
 * Parallel branch, a Map iteration) and a MapIterationStarted (with its `index`) begins an
 * iteration's chain. So each event's run is its predecessor's run, or a new iteration. Branches share
 * their parent's run: their states are distinct in the definition, so the graph tells them apart.
 */
import {
  advanceRun,
  endOfExecution,
  endRun,
  StatusBook,
  type StateRun,
  type StateStatus,
  type StateStatuses,
  type StatusEvent,
} from '../graph/graph-status';

/** A history event as the page reads it. */
export interface DetailEvent extends StatusEvent {
  readonly timestamp: string;
  readonly previousEventId?: number | null;
  readonly details?: unknown;
}

/** The root run's key; an iteration's is its parent's, then `<Map state>#<index>`, joined by `/`. */
export const ROOT_RUN = '';

/** One entry into a state, and what came of it. */
export interface StateVisit {
  readonly state: string;
  /** The run (root or iteration) it belongs to. */
  readonly run: string;
  readonly enteredSeq: number;
  readonly enteredAt: string;
  exitedAt?: string;
  /** When it stopped without exiting: failed, aborted, or the execution ended. */
  endedAt?: string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Task or activity attempts (Scheduled events). */
  attempts: number;
  readonly progress: StateRun;
}

export type IterationStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface MapIteration {
  readonly map: string;
  readonly index: number;
  /** Its run key, see {@link ROOT_RUN}. */
  readonly run: string;
  status: IterationStatus;
}

/** A state's details: its latest visit and how many visits there were. */
export interface StateDetails {
  readonly latest: StateVisit;
  readonly visits: number;
}

interface CompactEvent extends StatusEvent {
  readonly run: string;
}

const ITERATION_STATUS: Record<string, IterationStatus> = {
  MapIterationStarted: 'RUNNING',
  MapIterationSucceeded: 'SUCCEEDED',
  MapIterationFailed: 'FAILED',
  MapIterationAborted: 'ABORTED',
};
const FAILURE = /(Failed|TimedOut)$/;
const SCHEDULED = /^(Task|Activity)Scheduled$/;

function record(details: unknown): Record<string, unknown> {
  return typeof details === 'object' && details !== null && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Whether `run` is `within` or an iteration nested in it. */
export function runWithin(run: string, within: string): boolean {
  return within === ROOT_RUN || run === within || run.startsWith(`${within}/`);
}

/** The events of one execution, folded as they come (in seq order, each once). */
export class ExecutionHistory {
  private readonly book = new StatusBook();
  private readonly runOfSeq = new Map<number, string>();
  private readonly events: CompactEvent[] = [];
  private readonly visitList: StateVisit[] = [];
  /** The current visit of each state, by run then state. */
  private readonly open = new Map<string, StateVisit>();
  private readonly latestByState = new Map<string, StateVisit>();
  private readonly visitCounts = new Map<string, number>();
  private readonly iterationsByMap = new Map<string, Map<string, MapIteration>>();

  /** How many events are in; changes with every event (a cheap key for memoising views). */
  get size(): number {
    return this.events.length;
  }

  apply(event: DetailEvent): void {
    this.book.apply(event);
    const details = record(event.details);
    const before = this.runOfSeq.get(event.previousEventId ?? 0) ?? ROOT_RUN;
    let run = before;
    const iterationStatus = ITERATION_STATUS[event.type];
    const map = text(details.name) ?? event.stateName ?? '';
    const index = typeof details.index === 'number' ? details.index : undefined;
    if (event.type === 'MapIterationStarted' && index !== undefined) {
      run = `${before === ROOT_RUN ? '' : `${before}/`}${map}#${index}`;
    }
    this.runOfSeq.set(event.seq, run);
    this.events.push({ seq: event.seq, type: event.type, stateName: event.stateName, run });

    if (iterationStatus && index !== undefined) {
      const iterations = this.iterationsByMap.get(map) ?? new Map<string, MapIteration>();
      this.iterationsByMap.set(map, iterations);
      const found = iterations.get(run);
      if (found) found.status = iterationStatus;
      else iterations.set(run, { map, index, run, status: iterationStatus });
      return;
    }
    const ended = endOfExecution(event.type);
    if (ended) {
      // They stay open: a redrive may carry them on (a Map resuming its unfinished iterations).
      for (const visit of this.open.values()) {
        endRun(visit.progress, ended);
        visit.endedAt ??= event.timestamp;
      }
      return;
    }
    if (event.stateName) this.applyToVisit(event, details, run);
  }

  private applyToVisit(event: DetailEvent, details: Record<string, unknown>, run: string): void {
    const state = event.stateName!;
    const key = `${run}\u0000${state}`;
    const current = this.open.get(key);
    const progress = advanceRun(current?.progress, event.type);
    if (!progress) return;
    if (progress !== current?.progress) {
      const visit: StateVisit = {
        state,
        run,
        enteredSeq: event.seq,
        enteredAt: event.timestamp,
        input: text(details.input),
        attempts: 0,
        progress,
      };
      if (event.type === 'FailStateEntered') visit.endedAt = event.timestamp;
      this.open.set(key, visit);
      this.visitList.push(visit);
      this.latestByState.set(state, visit);
      this.visitCounts.set(state, (this.visitCounts.get(state) ?? 0) + 1);
      return;
    }
    const visit = current;
    if (SCHEDULED.test(event.type)) visit.attempts += 1;
    if (FAILURE.test(event.type) || event.type.endsWith('StateAborted')) {
      visit.error = text(details.error) ?? visit.error;
      visit.cause = text(details.cause) ?? visit.cause;
    }
    if (event.type.endsWith('StateExited')) {
      visit.exitedAt = event.timestamp;
      visit.output = text(details.output);
      this.open.delete(key);
    } else if (event.type.endsWith('StateAborted') || /^(Parallel|Map)StateFailed$/.test(event.type)) {
      visit.endedAt = event.timestamp;
    }
  }

  /** The live statuses, of every run (a state's latest run wins). */
  statuses(): StateStatuses {
    return this.book.statuses();
  }

  /** `state`'s latest visit (in `run` and the iterations within it) and how many visits it had. */
  detailsOf(state: string, run: string = ROOT_RUN): StateDetails | undefined {
    if (run === ROOT_RUN) {
      const latest = this.latestByState.get(state);
      return latest && { latest, visits: this.visitCounts.get(state) ?? 0 };
    }
    const visits = this.visitList.filter((visit) => visit.state === state && runWithin(visit.run, run));
    const latest = visits.at(-1);
    return latest && { latest, visits: visits.length };
  }

  /** A Map state's iterations, by index (then by enclosing iteration for a nested Map). */
  iterationsOf(map: string): MapIteration[] {
    return [...(this.iterationsByMap.get(map)?.values() ?? [])].sort(
      (a, b) => a.index - b.index || a.run.localeCompare(b.run),
    );
  }

  /** Every visit in the order entered: the timeline's bars. */
  visits(): readonly StateVisit[] {
    return this.visitList;
  }

  /**
   * The statuses as of the first `count` events, of the states within `run` (with the execution's
   * own end, which ends them too); all of them for the root run.
   */
  statusesAsOf(count: number, run: string = ROOT_RUN): StateStatuses {
    const book = new StatusBook();
    for (const event of this.events.slice(0, count)) {
      if (runWithin(event.run, run) || endOfExecution(event.type)) book.apply(event);
    }
    return book.statuses();
  }

  /** The event at position `count` (1-based), for saying where a replay stands. */
  eventAt(count: number): StatusEvent | undefined {
    return this.events[count - 1];
  }
}

/** Counts of iterations by status, in a fixed order. */
export function countIterations(iterations: readonly MapIteration[]): Record<IterationStatus, number> {
  const counts: Record<IterationStatus, number> = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, ABORTED: 0 };
  for (const iteration of iterations) counts[iteration.status] += 1;
  return counts;
}

/** A visit's status. */
export function visitStatus(visit: StateVisit): StateStatus {
  return visit.progress.status;
}

/** A bar of the timeline: where a visit starts and how long it is, in fractions of the whole span. */
export interface TimelineBar {
  readonly visit: StateVisit;
  readonly offset: number;
  readonly width: number;
  /** Milliseconds from entered to exited (or to now, still running). */
  readonly durationMs: number;
}

/**
 * The bars of `visits` on one time axis from the first entry to the last end (or `now` for a visit
 * still going). A zero-length visit still gets a sliver, so that it shows.
 */
export function timelineBars(visits: readonly StateVisit[], now: number): TimelineBar[] {
  if (visits.length === 0) return [];
  const endOf = (visit: StateVisit) => Date.parse(visit.exitedAt ?? visit.endedAt ?? '') || now;
  const start = Math.min(...visits.map((visit) => Date.parse(visit.enteredAt)));
  const end = Math.max(start + 1, ...visits.map(endOf));
  const span = end - start;
  return visits.map((visit) => {
    const from = Date.parse(visit.enteredAt);
    const durationMs = Math.max(0, endOf(visit) - from);
    return {
      visit,
      offset: (from - start) / span,
      width: Math.max(durationMs / span, 0.004),
      durationMs,
    };
  });
}

/** JSON text pretty-printed; text that is not JSON as it is. */
export function prettyJson(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}
