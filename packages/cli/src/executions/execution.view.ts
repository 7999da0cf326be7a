/** How executions and their events read in a terminal: tables, one record, one event a line. */
import type { Column } from '../output/table.js';
import { renderFields, renderTable } from '../output/table.js';
import { statusColour, type Paint } from '../output/terminal.js';

export interface ExecutionSummary {
  id: string;
  name: string;
  status: string;
  version: number;
  startedAt: string;
  stoppedAt: string | null;
  error: string | null;
  cause: string | null;
  paused: boolean;
  redriveCount: number;
  stateMachine: { id: string; name: string };
  input?: unknown;
  output?: unknown;
  waitingOn?: Array<{ kind: string; state: string; detail: string }>;
}

export interface ExecutionEvent {
  seq: number;
  type: string;
  stateName: string | null;
  timestamp: string;
  details: Record<string, unknown>;
}

/** The exit code an ended execution gives: 0 when it succeeded, 1 when it failed, timed out or was stopped. */
export function exitCodeOf(status: string): number {
  return status === 'SUCCEEDED' ? 0 : 1;
}

export function executionsTable(executions: readonly ExecutionSummary[], paint: Paint): string {
  const columns: Column<ExecutionSummary>[] = [
    { header: 'ID', value: (e) => e.id },
    { header: 'NAME', value: (e) => e.name, maxWidth: 40 },
    { header: 'MACHINE', value: (e) => `${e.stateMachine.name}:${e.version}`, maxWidth: 40 },
    {
      header: 'STATUS',
      value: (e) => (e.paused ? `${e.status} (paused)` : e.status),
      paint: (text, e) => paint(statusColour(e.status), text),
    },
    { header: 'STARTED', value: (e) => e.startedAt },
    { header: 'STOPPED', value: (e) => e.stoppedAt },
  ];
  return renderTable(executions, columns);
}

const compact = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

export function executionFields(execution: ExecutionSummary, paint: Paint): string {
  const waiting = (execution.waitingOn ?? []).map((reason) => `${reason.state}: ${reason.detail}`).join('; ');
  return renderFields([
    ['ID', execution.id],
    ['Name', execution.name],
    ['Machine', `${execution.stateMachine.name} (version ${execution.version})`],
    [
      'Status',
      paint(statusColour(execution.status), execution.status) + (execution.paused ? ' (paused)' : ''),
    ],
    ['Started', execution.startedAt],
    ['Stopped', execution.stoppedAt],
    ['Redriven', execution.redriveCount > 0 ? `${execution.redriveCount} times` : undefined],
    ['Error', execution.error],
    ['Cause', execution.cause],
    ['Waiting on', waiting],
    ['Input', compact(execution.input)],
    ['Output', execution.output === null ? undefined : compact(execution.output)],
  ]);
}

/** What an event says in a few words: its error and cause, else its output or input. */
function eventSummary(details: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  if (details.error !== undefined || details.cause !== undefined) {
    return [details.error, details.cause]
      .filter((part) => part !== undefined && part !== null)
      .map(text)
      .join(': ');
  }
  for (const key of ['output', 'input', 'resource', 'result']) {
    if (details[key] !== undefined) return `${key} ${text(details[key])}`;
  }
  return '';
}

export function eventLine(event: ExecutionEvent, paint: Paint): string {
  const failed = /Failed|TimedOut|Aborted/.test(event.type);
  const colour = failed ? 'red' : /Succeeded/.test(event.type) ? 'green' : 'dim';
  const summary = eventSummary(event.details ?? {});
  const cut = summary.length > 160 ? `${summary.slice(0, 159)}…` : summary;
  return [
    String(event.seq).padStart(4),
    event.timestamp,
    paint(colour, event.type.padEnd(24)),
    (event.stateName ?? '').padEnd(16),
    cut,
  ]
    .join('  ')
    .trimEnd();
}
