import { describe, expect, it } from 'vitest';
import {
  EMPTY_DRAFT,
  instantOf,
  readBackfillRange,
  readScheduleDraft,
} from '../src/schedules/schedule-draft';

const MACHINE = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

describe('the create-schedule form, read before anything is sent', () => {
  it('reads a filled form into createSchedule input, the input JSON as typed', () => {
    const read = readScheduleDraft({
      ...EMPTY_DRAFT,
      name: ' nightly ',
      stateMachineId: MACHINE,
      expression: 'cron(0 2 * * ? *)',
      timezone: 'Europe/Berlin',
      input: '{"big": 12345678901234567890}',
      jitterSeconds: '30',
      startAt: '2027-01-01T00:00',
    });
    expect(read).toEqual({
      ok: true,
      input: {
        name: 'nightly',
        stateMachineId: MACHINE,
        expression: 'cron(0 2 * * ? *)',
        timezone: 'Europe/Berlin',
        input: '{"big": 12345678901234567890}',
        overlapPolicy: 'SKIP',
        catchupWindowSeconds: 60,
        jitterSeconds: 30,
        startAt: new Date('2027-01-01T00:00').toISOString(),
        enabled: true,
      },
    });
  });

  it('names every field the browser can tell is wrong', () => {
    const read = readScheduleDraft({
      ...EMPTY_DRAFT,
      input: '{oops',
      catchupWindowSeconds: '1.5',
      jitterSeconds: '-1',
      endAt: 'not a date',
    });
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.problems.map((problem) => problem.field)).toEqual([
      'name',
      'stateMachineId',
      'expression',
      'input',
      'catchupWindowSeconds',
      'jitterSeconds',
      'endAt',
    ]);
  });

  it('defaults an empty time zone to UTC and leaves out an empty window', () => {
    const read = readScheduleDraft({
      ...EMPTY_DRAFT,
      name: 'n',
      stateMachineId: MACHINE,
      expression: 'rate(1 hour)',
      timezone: ' ',
    });
    expect(read.ok && read.input).toMatchObject({ timezone: 'UTC' });
    expect(read.ok && 'startAt' in read.input).toBe(false);
    expect(instantOf('')).toBeUndefined();
  });
});

describe('the backfill range', () => {
  it('needs both ends, the start first', () => {
    expect(readBackfillRange('', '2027-01-01T00:00')).toEqual({
      ok: false,
      message: 'Give the start and the end of the range.',
    });
    expect(readBackfillRange('2027-01-02T00:00', '2027-01-01T00:00').ok).toBe(false);
    expect(readBackfillRange('2027-01-01T00:00', '2027-01-02T00:00')).toEqual({
      ok: true,
      from: new Date('2027-01-01T00:00').toISOString(),
      to: new Date('2027-01-02T00:00').toISOString(),
    });
  });
});
