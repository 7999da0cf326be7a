/**
 * The reliability checker (docs/testing.md): after a scenario of crashes, races or faults,
 * reads what the engine left in the database and lists every way it falls short of
 *
 * 1. every execution reached its expected terminal state, with the expected output, error and cause;
 * 2. each history's `seq` runs 1, 2, 3, … with no gap and no duplicate, and the execution's
 *    `next_event_id` follows the last one;
 * 3. no run forked, no Parallel branch or Map iteration started twice, no state entered twice for
 *    one attempt, no task attempt scheduled twice or answered twice (history-rules.ts defines each
 *    term precisely);
 * 4. optionally, each run's events equal those of a reference history of the same workflow (the
 *    in-memory driver's), by type and state;
 * 5. nothing of an ended execution is left open (a run still RUNNING or PENDING, a task attempt
 *    still SCHEDULED or STARTED);
 * 6. optionally, side effects recorded by an HTTP sink: every expected idempotency key delivered,
 *    each at most once more per injected fault, no unexpected key, and no more extra deliveries in
 *    all than `faults × inFlightPerFault` (one fault, such as a killed engine, can cut short every
 *    call that engine had in flight);
 * 7. the audit log's hash chain verifies, when the database has one.
 *
 * `checkExecutions` returns the violations rather than throwing, so that a test can
 * `expect(report.violations).toEqual([])` and see them all at once.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import type { HistoryEvent, Json } from '../../src/asl/index.js';
import { verifyAuditChain } from '../../src/audit/audit.verifier.js';
import {
  attemptViolations,
  contiguityViolations,
  referenceViolations,
  runPaths,
  shapesByRun,
  type StoredEvent,
} from './history-rules.js';

/** How an execution must end. Absent `output`, `error` or `cause` are not checked. */
export interface ExpectedEnding {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  /** A history of the same workflow on the same input (the in-memory driver's) to compare runs with. */
  readonly reference?: readonly HistoryEvent[];
}

/** Side effects an HTTP sink recorded (test/support/http-sink.ts). */
export interface SideEffectExpectation {
  readonly deliveries: ReadonlyMap<string, number>;
  /** Keys that must each have been delivered at least once; no other key may appear. */
  readonly expectedKeys: readonly string[];
  /** Faults injected during the scenario (kills, restarts). */
  readonly faults: number;
  /** Calls one fault may cut short at most (a killed engine's HTTP concurrency); default 1. */
  readonly inFlightPerFault?: number;
}

export interface CheckOptions {
  readonly executions: ReadonlyMap<string, ExpectedEnding>;
  readonly sideEffects?: SideEffectExpectation;
}

export interface CheckReport {
  readonly executions: number;
  readonly events: number;
  readonly violations: string[];
}

interface ExecutionRow {
  id: string;
  status: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  next_event_id: number;
}

/** Checks `options.executions` (id → expected ending) on `dataSource`; see the module comment. */
export async function checkExecutions(dataSource: DataSource, options: CheckOptions): Promise<CheckReport> {
  const ids = [...options.executions.keys()];
  const rows = await dataSource.query<ExecutionRow[]>(
    `SELECT id, status, output::text AS output, error, cause, next_event_id FROM executions WHERE id = ANY($1)`,
    [ids],
  );
  const histories = await readHistories(dataSource, ids);
  const violations: string[] = [];
  for (const id of ids) {
    const row = rows.find((candidate) => candidate.id === id);
    const expected = options.executions.get(id) as ExpectedEnding;
    const found = row
      ? executionViolations(row, expected, histories.get(id) ?? [])
      : ['the execution does not exist'];
    violations.push(...found.map((violation) => `execution ${id}: ${violation}`));
  }
  violations.push(...(await leftOpen(dataSource, ids)));
  if (options.sideEffects) violations.push(...sideEffectViolations(options.sideEffects));
  violations.push(...(await auditViolations(dataSource)));
  const events = [...histories.values()].reduce((sum, history) => sum + history.length, 0);
  return { executions: ids.length, events, violations };
}

function executionViolations(
  row: ExecutionRow,
  expected: ExpectedEnding,
  events: readonly StoredEvent[],
): string[] {
  const violations = endingViolations(row, expected);
  violations.push(...contiguityViolations(events));
  if (row.next_event_id !== events.length + 1)
    violations.push(`next_event_id is ${row.next_event_id} after ${events.length} events`);
  const { paths, violations: pathViolations } = runPaths(events);
  violations.push(...pathViolations, ...attemptViolations(events, paths));
  if (expected.reference) {
    const reference = expected.reference.map(storedFromHistory);
    violations.push(
      ...referenceViolations(shapesByRun(events, paths), shapesByRun(reference, runPaths(reference).paths)),
    );
  }
  return violations;
}

function endingViolations(row: ExecutionRow, expected: ExpectedEnding): string[] {
  const violations: string[] = [];
  const actual = {
    status: row.status,
    output: row.output === null ? undefined : (JSON.parse(row.output) as Json),
    error: row.error ?? undefined,
    cause: row.cause ?? undefined,
  };
  if (actual.status !== expected.status)
    violations.push(
      `ended ${actual.status}${actual.error ? ` (${actual.error})` : ''}, expected ${expected.status}`,
    );
  for (const field of ['output', 'error', 'cause'] as const) {
    if (expected[field] !== undefined && !isDeepStrictEqual(actual[field], expected[field]))
      violations.push(
        `${field} is ${JSON.stringify(actual[field])}, expected ${JSON.stringify(expected[field])}`,
      );
  }
  return violations;
}

function storedFromHistory(event: HistoryEvent): StoredEvent {
  return {
    seq: event.id,
    type: event.type,
    stateName: event.stateName ?? null,
    previousEventId: event.previousEventId,
    details: event.details,
  };
}

async function readHistories(
  dataSource: DataSource,
  ids: readonly string[],
): Promise<Map<string, StoredEvent[]>> {
  const rows = await dataSource.query<
    (StoredEvent & { execution_id: string; state_name: string | null; previous_event_id: number })[]
  >(
    `SELECT execution_id, seq, type, state_name, previous_event_id, details
       FROM execution_events WHERE execution_id = ANY($1) ORDER BY execution_id, seq`,
    [ids],
  );
  const histories = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    const event: StoredEvent = {
      seq: row.seq,
      type: row.type,
      stateName: row.state_name,
      previousEventId: row.previous_event_id,
      details: row.details,
    };
    histories.set(row.execution_id, [...(histories.get(row.execution_id) ?? []), event]);
  }
  return histories;
}

async function leftOpen(dataSource: DataSource, ids: readonly string[]): Promise<string[]> {
  const rows = await dataSource.query<{ what: string; execution_id: string; count: number }[]>(
    `SELECT 'run' AS what, r.execution_id, count(*)::int AS count
       FROM runs r JOIN executions e ON e.id = r.execution_id
      WHERE r.execution_id = ANY($1) AND e.status <> 'RUNNING' AND r.status IN ('RUNNING', 'PENDING')
      GROUP BY r.execution_id
     UNION ALL
     SELECT 'task attempt', t.execution_id, count(*)::int
       FROM tasks t JOIN executions e ON e.id = t.execution_id
      WHERE t.execution_id = ANY($1) AND e.status <> 'RUNNING' AND t.status IN ('SCHEDULED', 'STARTED')
      GROUP BY t.execution_id`,
    [ids],
  );
  return rows.map(
    (row) => `execution ${row.execution_id}: ended with ${row.count} ${row.what}(s) still open`,
  );
}

/** Rule 6 of the module comment, on its own. */
export function sideEffectViolations(expectation: SideEffectExpectation): string[] {
  const violations: string[] = [];
  const expected = new Set(expectation.expectedKeys);
  let extra = 0;
  for (const key of expected) {
    const count = expectation.deliveries.get(key) ?? 0;
    if (count === 0) violations.push(`side effect ${key} never happened`);
    if (count > 1 + expectation.faults)
      violations.push(`side effect ${key} happened ${count} times with ${expectation.faults} fault(s)`);
    extra += Math.max(0, count - 1);
  }
  for (const [key, count] of expectation.deliveries) {
    if (!expected.has(key)) violations.push(`unexpected side effect ${JSON.stringify(key)} (${count} times)`);
  }
  const allowed = expectation.faults * (expectation.inFlightPerFault ?? 1);
  if (extra > allowed)
    violations.push(
      `${extra} repeated side effects in all, more than ${allowed} for ${expectation.faults} fault(s)`,
    );
  return violations;
}

async function auditViolations(dataSource: DataSource): Promise<string[]> {
  const [table] = await dataSource.query<{ exists: boolean }[]>(
    "SELECT to_regclass('audit_log') IS NOT NULL AS exists",
  );
  if (!table?.exists) return [];
  const { checked, firstBreak } = await verifyAuditChain(dataSource.manager);
  return firstBreak
    ? [`audit chain broken at seq ${firstBreak.seq} after ${checked} rows: ${firstBreak.problem}`]
    : [];
}
