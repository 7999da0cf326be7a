import { describe, expect, it } from 'vitest';
import { readJson } from '../src/state-machines/json-text';
import { openTaskSchedulings, taskTokenOf } from '../src/events/waiting-tasks';

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('the tasks waiting on a token', () => {
  it('are the schedulings that nothing ended since', () => {
    const events = [
      { seq: 1, type: 'ExecutionStarted' },
      { seq: 2, type: 'TaskScheduled', stateName: 'Approve' },
      { seq: 3, type: 'TaskScheduled', stateName: 'Bill' },
      { seq: 4, type: 'TaskSucceeded', stateName: 'Bill' },
    ];
    expect(openTaskSchedulings(events).map((event) => event.seq)).toEqual([2]);
  });

  it('follow a retry: the latest scheduling of a state after its failure', () => {
    const events = [
      { seq: 2, type: 'TaskScheduled', stateName: 'Approve' },
      { seq: 3, type: 'TaskFailed', stateName: 'Approve' },
      { seq: 4, type: 'TaskScheduled', stateName: 'Approve' },
    ];
    expect(openTaskSchedulings(events).map((event) => event.seq)).toEqual([4]);
  });

  it('read the token from the Parameters of a .waitForTaskToken task', () => {
    const details = {
      resource: 'callback.waitForTaskToken',
      parameters: JSON.stringify({ order: 'A-17', callback: { token: TOKEN } }),
    };
    expect(taskTokenOf(details)).toBe(TOKEN);
  });

  it('have no token when the resource does not wait for one or the Parameters leave it out', () => {
    expect(taskTokenOf({ resource: 'echo', parameters: JSON.stringify({ token: TOKEN }) })).toBeUndefined();
    expect(
      taskTokenOf({ resource: 'callback.waitForTaskToken', parameters: '{"order":"A-17"}' }),
    ).toBeUndefined();
    expect(taskTokenOf({ resource: 'callback.waitForTaskToken', parameters: 'not json' })).toBeUndefined();
  });

  it('the Output of Send success is refused unless it is JSON', () => {
    expect(readJson('{"approved": true}')).toEqual({ ok: true, value: { approved: true } });
    const refused = readJson('{approved: true}');
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.message).toMatch(/^Not valid JSON/);
  });
});
