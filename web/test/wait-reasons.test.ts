import { describe, expect, it } from 'vitest';
import { waitKindLabel, waitPlace, waitWindow } from '../src/execution/wait-reasons';

describe('the words for what an execution waits on', () => {
  const iso = (text: string) => `<${text}>`;

  it('give since and until when known, and a dash when neither is', () => {
    const since = '2026-01-01T10:02:03.000Z';
    const until = '2026-01-01T11:02:03.000Z';
    expect(waitWindow({ kind: 'TIMER', branchPath: [], since, until }, iso)).toBe(
      `since <${since}> · until <${until}>`,
    );
    expect(waitWindow({ kind: 'ACTIVITY', branchPath: [], since, until: null }, iso)).toBe(
      `since <${since}>`,
    );
    expect(waitWindow({ kind: 'JOB', branchPath: [], since: null, until: null }, iso)).toBe('—');
  });

  it('name each kind, keep an unknown one as the API spells it, and place a reason in its branches', () => {
    expect(waitKindLabel('TASK_TOKEN')).toBe('Task token');
    expect(waitKindLabel('MAP_ITERATIONS')).toBe('Iterations');
    expect(waitKindLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(waitPlace({ kind: 'TIMER', branchPath: [1, 0] })).toBe('branch or iteration 1 › 0');
    expect(waitPlace({ kind: 'TIMER', branchPath: [] })).toBe('');
  });
});
