import { describe, expect, it } from 'vitest';
import { StatusBook, statusesOf, type StatusEvent } from '../src/graph/graph-status';

let seq = 0;
const ev = (type: string, stateName?: string): StatusEvent => ({ seq: ++seq, type, stateName });

describe('state statuses from history events', () => {
  it('leaves a state never entered out (NOT_STARTED), a running one RUNNING, an exited one SUCCEEDED', () => {
    const statuses = statusesOf([
      ev('ExecutionStarted'),
      ev('WaitStateEntered', 'Pause'),
      ev('WaitStateExited', 'Pause'),
      ev('TaskStateEntered', 'Work'),
      ev('TaskScheduled', 'Work'),
    ]);
    expect(statuses.get('Pause')).toBe('SUCCEEDED');
    expect(statuses.get('Work')).toBe('RUNNING');
    expect(statuses.has('Later')).toBe(false);
  });

  it('shows a failed task FAILED, then RETRYING once scheduled again, then SUCCEEDED', () => {
    const book = new StatusBook();
    for (const e of [ev('TaskStateEntered', 'Work'), ev('TaskScheduled', 'Work'), ev('TaskFailed', 'Work')])
      book.apply(e);
    expect(book.statuses().get('Work')).toBe('FAILED');
    book.apply(ev('TaskScheduled', 'Work'));
    expect(book.statuses().get('Work')).toBe('RETRYING');
    book.apply(ev('TaskSucceeded', 'Work'));
    book.apply(ev('TaskStateExited', 'Work'));
    expect(book.statuses().get('Work')).toBe('SUCCEEDED');
  });

  it('shows a failure a Catcher took as CAUGHT', () => {
    const statuses = statusesOf([
      ev('TaskStateEntered', 'Work'),
      ev('TaskFailed', 'Work'),
      ev('TaskStateExited', 'Work'),
      ev('PassStateEntered', 'Recover'),
    ]);
    expect(statuses.get('Work')).toBe('CAUGHT');
    expect(statuses.get('Recover')).toBe('RUNNING');
  });

  it('marks a Fail state and an uncaught failure FAILED when the execution fails', () => {
    expect(statusesOf([ev('FailStateEntered', 'Oops'), ev('ExecutionFailed')]).get('Oops')).toBe('FAILED');
    expect(
      statusesOf([ev('TaskStateEntered', 'Work'), ev('TaskFailed', 'Work'), ev('ExecutionFailed')]).get(
        'Work',
      ),
    ).toBe('FAILED');
  });

  it('marks states ABORTED when they or the execution are stopped', () => {
    const statuses = statusesOf([
      ev('WaitStateEntered', 'Pause'),
      ev('WaitStateAborted', 'Pause'),
      ev('ParallelStateEntered', 'Fan'),
      ev('ExecutionAborted'),
    ]);
    expect(statuses.get('Pause')).toBe('ABORTED');
    expect(statuses.get('Fan')).toBe('ABORTED');
  });

  it('shows the latest run of a state entered again after a redrive', () => {
    const statuses = statusesOf([
      ev('TaskStateEntered', 'Work'),
      ev('TaskFailed', 'Work'),
      ev('ExecutionFailed'),
      ev('ExecutionRedriven'),
      ev('TaskStateEntered', 'Work'),
    ]);
    expect(statuses.get('Work')).toBe('RUNNING');
  });
});
