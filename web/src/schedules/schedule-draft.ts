/**
 * The create-schedule form's fields as typed, read into the API's input before anything is sent:
 * what the browser can tell (empty fields, JSON, whole numbers, dates) is refused here in words;
 * the server checks the rest (the expression, the time zone, the window). Pure.
 */
import type { CreateScheduleInput, OverlapPolicy } from '../generated/graphql';
import { readJson } from '../state-machines/json-text';

export const OVERLAP_POLICIES: readonly OverlapPolicy[] = [
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'ALLOW_ALL',
];

export interface ScheduleDraft {
  readonly name: string;
  readonly stateMachineId: string;
  readonly expression: string;
  readonly timezone: string;
  /** JSON text. */
  readonly input: string;
  readonly overlapPolicy: OverlapPolicy;
  readonly catchupWindowSeconds: string;
  readonly jitterSeconds: string;
  /** A `datetime-local` value (the reader's time), or empty. */
  readonly startAt: string;
  readonly endAt: string;
  readonly enabled: boolean;
}

export const EMPTY_DRAFT: ScheduleDraft = {
  name: '',
  stateMachineId: '',
  expression: '',
  timezone: 'UTC',
  input: '{}',
  overlapPolicy: 'SKIP',
  catchupWindowSeconds: '60',
  jitterSeconds: '0',
  startAt: '',
  endAt: '',
  enabled: true,
};

export interface FieldProblem {
  readonly field: keyof ScheduleDraft;
  readonly message: string;
}

export type DraftReading =
  | { readonly ok: true; readonly input: CreateScheduleInput }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** A `datetime-local` value as an instant (ISO, UTC); undefined when empty, null when not a date. */
export function instantOf(local: string): string | null | undefined {
  if (local.trim() === '') return undefined;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function wholeSeconds(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Reads the form into a `createSchedule` input, or every problem the browser can see. */
export function readScheduleDraft(draft: ScheduleDraft): DraftReading {
  const problems: FieldProblem[] = [];
  const refuse = (field: keyof ScheduleDraft, message: string) => problems.push({ field, message });
  if (draft.name.trim() === '') refuse('name', 'Give the schedule a name.');
  if (draft.stateMachineId === '') refuse('stateMachineId', 'Choose the state machine to start.');
  if (draft.expression.trim() === '') refuse('expression', 'Write an expression, e.g. rate(5 minutes).');
  const input = readJson(draft.input);
  if (!input.ok) refuse('input', input.message);
  const catchup = wholeSeconds(draft.catchupWindowSeconds);
  if (catchup === null) refuse('catchupWindowSeconds', 'The catch-up window is a whole number of seconds.');
  const jitter = wholeSeconds(draft.jitterSeconds);
  if (jitter === null) refuse('jitterSeconds', 'The jitter is a whole number of seconds.');
  const startAt = instantOf(draft.startAt);
  if (startAt === null) refuse('startAt', 'The start is not a date and time.');
  const endAt = instantOf(draft.endAt);
  if (endAt === null) refuse('endAt', 'The end is not a date and time.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: draft.name.trim(),
      stateMachineId: draft.stateMachineId,
      expression: draft.expression.trim(),
      timezone: draft.timezone.trim() || 'UTC',
      // The API reads a string input as JSON text: the text as typed keeps its numbers exact.
      input: draft.input,
      overlapPolicy: draft.overlapPolicy,
      catchupWindowSeconds: catchup,
      jitterSeconds: jitter,
      ...(startAt ? { startAt } : {}),
      ...(endAt ? { endAt } : {}),
      enabled: draft.enabled,
    },
  };
}

export type RangeReading =
  | { readonly ok: true; readonly from: string; readonly to: string }
  | { readonly ok: false; readonly message: string };

/** A backfill's range from two `datetime-local` values: both given, the start before the end. */
export function readBackfillRange(from: string, to: string): RangeReading {
  const start = instantOf(from);
  const end = instantOf(to);
  if (!start || !end) return { ok: false, message: 'Give the start and the end of the range.' };
  if (Date.parse(start) >= Date.parse(end))
    return { ok: false, message: 'The start must come before the end.' };
  return { ok: true, from: start, to: end };
}
