import { describe, expect, it } from 'vitest';
import { readJson } from '../src/state-machines/json-text';
import { lastTaskWaitChange } from '../src/events/waiting-tasks';

describe('the tasks waiting on a token', () => {
  it('are read again after an event that schedules or ends a task, not after any other', () => {
    const events = [
      { seq: 1, type: 'ExecutionStarted' },
      { seq: 2, type: 'TaskStateEntered' },
      { seq: 3, type: 'TaskScheduled' },
      { seq: 4, type: 'TaskStarted' },
    ];
    expect(lastTaskWaitChange(events)).toBe(3);
    expect(lastTaskWaitChange([...events, { seq: 5, type: 'TaskSucceeded' }])).toBe(5);
    expect(lastTaskWaitChange([...events, { seq: 5, type: 'TaskStateAborted' }])).toBe(5);
    expect(lastTaskWaitChange([...events, { seq: 5, type: 'WaitStateEntered' }])).toBe(3);
    expect(lastTaskWaitChange(events.slice(0, 2))).toBe(0);
  });

  it('the Output of Send success is refused unless it is JSON', () => {
    expect(readJson('{"approved": true}')).toEqual({ ok: true, value: { approved: true } });
    const refused = readJson('{approved: true}');
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.message).toMatch(/^Not valid JSON/);
  });
});
